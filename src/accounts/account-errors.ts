/** @module The answers of the account routes that people see in the console, in English and French. */
import { ApiError } from '../api/errors.js';

type Text = { en: string; fr: string };

function error(status: number, code: string, text: Text, headers: Record<string, string> = {}): ApiError {
  return new ApiError(status, code, text.en, { text }, headers);
}

export const accountErrors = {
  invalidCredentials: () => error(401, 'invalid_credentials', { en: 'wrong user name or password', fr: 'nom d’utilisateur ou mot de passe incorrect' }),
  totpRequired: () => error(401, 'totp_required', { en: 'enter the code of your authenticator app, or a recovery code', fr: 'saisissez le code de votre application d’authentification, ou un code de secours' }),
  locked: (retryAfterMs: number) => {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    return error(
      429,
      'locked',
      { en: `too many failed sign-ins for this user name: try again in ${minutes} min`, fr: `trop d’échecs de connexion pour ce nom d’utilisateur : réessayez dans ${minutes} min` },
      { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
    );
  },
  notSignedIn: () => error(401, 'unauthorized', { en: 'not signed in', fr: 'non connecté' }),
  csrfFailed: () => error(403, 'csrf_failed', { en: 'the X-CSRF-Token header is missing or does not match the session: reload the page', fr: 'l’en-tête X-CSRF-Token manque ou ne correspond pas à la session : rechargez la page' }),
  setupDone: () => error(409, 'setup_done', { en: 'the administrator already exists: sign in instead', fr: 'l’administrateur existe déjà : connectez-vous' }),
  setupToken: () => error(403, 'invalid_setup_token', { en: 'the setup token is not valid: use the link the server logged at start', fr: 'le jeton d’installation n’est pas valide : utilisez le lien écrit dans le journal du serveur au démarrage' }),
  wrongPassword: () => error(403, 'wrong_password', { en: 'the current password is wrong', fr: 'le mot de passe actuel est incorrect' }),
  wrongCode: () => error(400, 'invalid_code', { en: 'this code is not valid: check the time of your device and try the next code', fr: 'ce code n’est pas valide : vérifiez l’heure de votre appareil et essayez le code suivant' }),
  noPendingTotp: () => error(409, 'totp_not_started', { en: 'start the set-up of the authenticator app first', fr: 'commencez d’abord la configuration de l’application d’authentification' }),
  totpAlreadyOn: () => error(409, 'totp_enabled', { en: 'two-factor sign-in is already on: turn it off first', fr: 'la double authentification est déjà activée : désactivez-la d’abord' }),
  usernameTaken: (name: string) => error(409, 'username_taken', { en: `a user is already named "${name}"`, fr: `un utilisateur s’appelle déjà « ${name} »` }),
  lastAdmin: () => error(409, 'last_admin', { en: 'this is the last enabled administrator: make another user admin first', fr: 'c’est le dernier administrateur actif : nommez d’abord un autre administrateur' }),
  userNotFound: (id: string) => error(404, 'not_found', { en: `user ${JSON.stringify(id)} not found`, fr: `utilisateur ${JSON.stringify(id)} introuvable` }),
};
