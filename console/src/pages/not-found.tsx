/** @module A console address that leads nowhere. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('errors.notFoundTitle')}</h1>
      <p>{t('errors.notFoundText')}</p>
      <p><Link to="/">{t('errors.backHome')}</Link></p>
    </>
  );
}
