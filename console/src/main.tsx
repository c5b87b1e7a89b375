/**
 * @module The console's entry: language and theme first, then the router. Each page is its own
 * chunk, loaded when first visited; signed-in pages share the layout and the live feed.
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { ApiError } from './api.js';
import './i18n.js';
import { Layout } from './layout.js';
import { RequireSession } from './session.js';
import { applyTheme, storedTheme } from './theme.js';
import { Loading } from './ui.js';
import './styles.css';

applyTheme(storedTheme());

const LoginPage = lazy(() => import('./pages/login.js'));
const SetupPage = lazy(() => import('./pages/setup.js'));
const OverviewPage = lazy(() => import('./pages/overview.js'));
const MonitorsPage = lazy(() => import('./pages/monitors.js'));
const MonitorPage = lazy(() => import('./pages/monitor.js'));
const MonitorFormPage = lazy(() => import('./pages/monitor-form.js'));
const IncidentsPage = lazy(() => import('./pages/incidents.js'));
const IncidentPage = lazy(() => import('./pages/incident.js'));
const CrisisPage = lazy(() => import('./pages/crisis.js'));
const AccountPage = lazy(() => import('./pages/account.js'));
const UsersPage = lazy(() => import('./pages/users.js'));
const TokensPage = lazy(() => import('./pages/tokens.js'));
const AuditPage = lazy(() => import('./pages/audit.js'));
const OnCallPage = lazy(() => import('./pages/oncall.js'));
const PeoplePage = lazy(() => import('./pages/people.js'));
const SchedulesPage = lazy(() => import('./pages/schedules.js'));
const ChangesPage = lazy(() => import('./pages/changes.js'));
const ServicesPage = lazy(() => import('./pages/services.js'));
const ServicePage = lazy(() => import('./pages/service.js'));
const StatusPagesPage = lazy(() => import('./pages/status-pages.js'));
const NotFoundPage = lazy(() => import('./pages/not-found.js'));

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

/** Signed-in pages: one layout (and one live connection) across page changes. */
function SignedIn() {
  return (
    <RequireSession>
      <Layout>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout>
    </RequireSession>
  );
}

function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route element={<SignedIn />}>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/monitors" element={<MonitorsPage />} />
          <Route path="/monitors/new" element={<MonitorFormPage />} />
          <Route path="/monitors/:id" element={<MonitorPage />} />
          <Route path="/monitors/:id/edit" element={<MonitorFormPage />} />
          <Route path="/incidents" element={<IncidentsPage />} />
          <Route path="/incidents/:id" element={<IncidentPage />} />
          <Route path="/crises/:id" element={<CrisisPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/settings/users" element={<UsersPage />} />
          <Route path="/settings/tokens" element={<TokensPage />} />
          <Route path="/settings/audit" element={<AuditPage />} />
          <Route path="/settings/people" element={<PeoplePage />} />
          <Route path="/settings/schedules" element={<SchedulesPage />} />
          <Route path="/oncall" element={<OnCallPage />} />
          <Route path="/changes" element={<ChangesPage />} />
          <Route path="/services" element={<ServicesPage />} />
          <Route path="/services/:id" element={<ServicePage />} />
          <Route path="/status-pages" element={<StatusPagesPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
