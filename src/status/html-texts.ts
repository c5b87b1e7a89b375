/**
 * @module The words of the status page's HTML, in English and French: labels of component states,
 * incident statuses and impacts, section headings, notices, the footer and the subscribe form.
 * Sentences with numbers or times are functions so each language orders them its own way.
 */
import type { ComponentState, PublicImpact, PublicIncidentStatus, PublicMaintenance } from './status.types.js';

export type StatusLang = 'en' | 'fr';
export type StatusTheme = 'auto' | 'light' | 'dark';

export interface HtmlTexts {
  skip: string;
  langName: string;
  languageNav: string;
  themeNav: string;
  themes: Record<StatusTheme, string>;
  states: Record<ComponentState, string>;
  overall: Record<ComponentState, string>;
  statuses: Record<PublicIncidentStatus, string>;
  impacts: Record<PublicImpact, string>;
  maintenanceStatuses: Record<PublicMaintenance['status'], string>;
  components: string;
  openIncidents: string;
  maintenance: string;
  history: string;
  noHistory: (days: number) => string;
  historyPages: string;
  previous: string;
  next: string;
  pageOf: (page: number, pages: number) => string;
  since: (when: string) => string;
  stale: (when: string) => string;
  overdue: (minutes: string) => string;
  timeZone: (zone: string) => string;
  uptime: (percent: string, days: number) => string;
  noData: (days: number) => string;
  badDays: (count: number) => string;
  noBadDays: (days: number) => string;
  noDataDays: (count: number) => string;
  day: string;
  available: string;
  outage: string;
  partialFor: (duration: string) => string;
  majorFor: (duration: string) => string;
  barStart: (days: number) => string;
  barEnd: string;
  impact: (label: string) => string;
  affects: (names: string) => string;
  started: (when: string) => string;
  resolvedAfter: (when: string, duration: string) => string;
  updatesCount: (count: number) => string;
  noUpdate: string;
  window: (from: string, to: string) => string;
  lastUpdated: (ago: string) => string;
  ago: (minutes: number) => string;
  feeds: string;
  subscribe: string;
  subscribeIntro: string;
  email: string;
  language: string;
  componentsLegend: string;
  subscribeButton: string;
  webhooks: string;
  poweredBy: string;
  backToPage: string;
  details: string;
  /** Ready-made small pages (titles and messages) for the routes. */
  messages: {
    notFound: { title: string; message: string };
    needsToken: { title: string; message: string };
  };
}

const en: HtmlTexts = {
  skip: 'Skip to content',
  langName: 'English',
  languageNav: 'Language',
  themeNav: 'Theme',
  themes: { auto: 'Automatic', light: 'Light', dark: 'Dark' },
  states: { operational: 'Operational', degraded_performance: 'Degraded performance', partial_outage: 'Partial outage', major_outage: 'Major outage', under_maintenance: 'Under maintenance' },
  overall: {
    operational: 'All systems operational',
    degraded_performance: 'Some systems have degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
    under_maintenance: 'Maintenance in progress',
  },
  statuses: { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' },
  impacts: { none: 'none', minor: 'minor', major: 'major', critical: 'critical' },
  maintenanceStatuses: { scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed' },
  components: 'Components',
  openIncidents: 'Open incidents',
  maintenance: 'Scheduled maintenance',
  history: 'Past incidents',
  noHistory: (days) => `No incident in the last ${days} days.`,
  historyPages: 'Past incident pages',
  previous: 'Newer incidents',
  next: 'Older incidents',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  since: (when) => `since ${when}`,
  stale: (when) => `Vigie cannot reach its database: this page shows the state of ${when}.`,
  overdue: (minutes) => `No public update for ${minutes}.`,
  timeZone: (zone) => `Times are shown in the ${zone} time zone.`,
  uptime: (percent, days) => `${percent} available over the last ${days} days`,
  noData: (days) => `No data over the last ${days} days`,
  badDays: (count) => `Days with an outage (${count})`,
  noBadDays: (days) => `No outage in the last ${days} days.`,
  noDataDays: (count) => `${count} ${count === 1 ? 'day' : 'days'} without data.`,
  day: 'Day',
  available: 'Available',
  outage: 'Outage',
  partialFor: (duration) => `${duration} partial outage`,
  majorFor: (duration) => `${duration} major outage`,
  barStart: (days) => `${days} days ago`,
  barEnd: 'Today',
  impact: (label) => `Impact: ${label}`,
  affects: (names) => `Affects: ${names}`,
  started: (when) => `Started ${when}`,
  resolvedAfter: (when, duration) => `Resolved ${when}, after ${duration}`,
  updatesCount: (count) => `Updates (${count})`,
  noUpdate: 'No public update yet.',
  window: (from, to) => `From ${from} to ${to}`,
  lastUpdated: (ago) => `Last updated ${ago}`,
  ago: (minutes) =>
    minutes < 1 ? 'less than a minute ago' : minutes < 60 ? `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago` : minutes < 2880 ? `${Math.floor(minutes / 60)} ${minutes < 120 ? 'hour' : 'hours'} ago` : `${Math.floor(minutes / 1440)} days ago`,
  feeds: 'Feeds and data',
  subscribe: 'Get updates',
  subscribeIntro: 'Get an e-mail when an incident starts, is updated or is resolved. We send a confirmation link first; every message has a one-click unsubscribe link.',
  email: 'E-mail address',
  language: 'Language of the messages',
  componentsLegend: 'Components to follow',
  subscribeButton: 'Subscribe',
  webhooks: 'Webhook subscriptions (signed with HMAC-SHA256) are also accepted through the API.',
  poweredBy: 'Powered by Vigie',
  backToPage: 'Back to the status page',
  details: 'Details',
  messages: {
    notFound: { title: 'Page not found', message: 'There is no status page at this address.' },
    needsToken: { title: 'Access link needed', message: 'This status page is private: open it with the access link you were given.' },
  },
};

const fr: HtmlTexts = {
  skip: 'Aller au contenu',
  langName: 'Français',
  languageNav: 'Langue',
  themeNav: 'Thème',
  themes: { auto: 'Automatique', light: 'Clair', dark: 'Sombre' },
  states: { operational: 'Opérationnel', degraded_performance: 'Performances dégradées', partial_outage: 'Panne partielle', major_outage: 'Panne majeure', under_maintenance: 'En maintenance' },
  overall: {
    operational: 'Tous les services fonctionnent',
    degraded_performance: 'Performances dégradées sur certains services',
    partial_outage: 'Panne partielle',
    major_outage: 'Panne majeure',
    under_maintenance: 'Maintenance en cours',
  },
  statuses: { investigating: 'Analyse en cours', identified: 'Cause identifiée', monitoring: 'Sous surveillance', resolved: 'Résolu' },
  impacts: { none: 'aucun', minor: 'faible', major: 'important', critical: 'critique' },
  maintenanceStatuses: { scheduled: 'Prévue', in_progress: 'En cours', completed: 'Terminée' },
  components: 'Services',
  openIncidents: 'Incidents en cours',
  maintenance: 'Maintenances prévues',
  history: 'Incidents passés',
  noHistory: (days) => `Aucun incident ces ${days} derniers jours.`,
  historyPages: 'Pages des incidents passés',
  previous: 'Incidents plus récents',
  next: 'Incidents plus anciens',
  pageOf: (page, pages) => `Page ${page} sur ${pages}`,
  since: (when) => `depuis le ${when}`,
  stale: (when) => `Vigie ne peut pas joindre sa base de données : cette page montre l’état de ${when}.`,
  overdue: (minutes) => `Aucune information publique depuis ${minutes}.`,
  timeZone: (zone) => `Heures données dans le fuseau ${zone}.`,
  uptime: (percent, days) => `${percent} de disponibilité ces ${days} derniers jours`,
  noData: (days) => `Aucune donnée ces ${days} derniers jours`,
  badDays: (count) => `Jours avec une panne (${count})`,
  noBadDays: (days) => `Aucune panne ces ${days} derniers jours.`,
  noDataDays: (count) => `${count} ${count === 1 ? 'jour' : 'jours'} sans donnée.`,
  day: 'Jour',
  available: 'Disponibilité',
  outage: 'Panne',
  partialFor: (duration) => `${duration} de panne partielle`,
  majorFor: (duration) => `${duration} de panne majeure`,
  barStart: (days) => `Il y a ${days} jours`,
  barEnd: 'Aujourd’hui',
  impact: (label) => `Impact : ${label}`,
  affects: (names) => `Concerne : ${names}`,
  started: (when) => `Début le ${when}`,
  resolvedAfter: (when, duration) => `Résolu le ${when}, après ${duration}`,
  updatesCount: (count) => `Informations (${count})`,
  noUpdate: 'Pas encore d’information publique.',
  window: (from, to) => `Du ${from} au ${to}`,
  lastUpdated: (ago) => `Mis à jour ${ago}`,
  ago: (minutes) =>
    minutes < 1 ? 'il y a moins d’une minute' : minutes < 60 ? `il y a ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` : minutes < 2880 ? `il y a ${Math.floor(minutes / 60)} ${minutes < 120 ? 'heure' : 'heures'}` : `il y a ${Math.floor(minutes / 1440)} jours`,
  feeds: 'Flux et données',
  subscribe: 'Être informé',
  subscribeIntro: 'Recevez un e-mail quand un incident commence, évolue ou se termine. Nous envoyons d’abord un lien de confirmation ; chaque message contient un lien de désabonnement en un clic.',
  email: 'Adresse e-mail',
  language: 'Langue des messages',
  componentsLegend: 'Services à suivre',
  subscribeButton: 'S’abonner',
  webhooks: 'Les abonnements par webhook (signés HMAC-SHA256) sont aussi possibles par l’API.',
  poweredBy: 'Propulsé par Vigie',
  backToPage: 'Retour à la page d’état',
  details: 'Détails',
  messages: {
    notFound: { title: 'Page introuvable', message: 'Il n’y a pas de page d’état à cette adresse.' },
    needsToken: { title: 'Lien d’accès nécessaire', message: 'Cette page d’état est privée : ouvrez-la avec le lien d’accès qui vous a été donné.' },
  },
};

/** The words of the page in `lang`. */
export const HTML_TEXTS: Record<StatusLang, HtmlTexts> = { en, fr };
