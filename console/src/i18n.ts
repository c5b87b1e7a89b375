/**
 * @module Language of the console: English and French catalogues; the language is the one
 * chosen in this browser (kept in localStorage), else the user's, else the browser's. The
 * `<html lang>` attribute follows it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import type { Lang } from './types.js';

export const LANGS: readonly Lang[] = ['en', 'fr'];
const STORAGE_KEY = 'vigie.lang';

function stored(): Lang | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'fr' ? value : undefined;
  } catch {
    return undefined;
  }
}

function fromBrowser(): Lang {
  return navigator.languages.some((l) => l.toLowerCase().startsWith('fr')) && !navigator.languages[0]?.toLowerCase().startsWith('en') ? 'fr' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: stored() ?? fromBrowser(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lang) => {
  document.documentElement.lang = lang;
});

/** The current language. */
export function currentLang(): Lang {
  return i18n.language === 'fr' ? 'fr' : 'en';
}

/** Switches language and remembers the choice in this browser. */
export function chooseLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing: the choice lasts until the page is closed.
  }
  void i18n.changeLanguage(lang);
}

/** Follows the user's language unless this browser has a choice of its own. */
export function adoptUserLang(lang: Lang | null): void {
  if (lang && !stored() && i18n.language !== lang) void i18n.changeLanguage(lang);
}

export default i18n;
