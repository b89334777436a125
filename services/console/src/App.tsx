import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router";
import { useApiFeatures } from "./api/apiFeatures.ts";
import { AuditPage } from "./audit/AuditPage.tsx";
import { CustomerHistoryPage } from "./audit/CustomerHistoryPage.tsx";
import { AccessRecordsPage, CheckpointsPage } from "./audit/TrustPages.tsx";
import { CustomerPage } from "./customers/CustomerPage.tsx";
import { CustomerSearchPage } from "./customers/CustomerSearchPage.tsx";
import { NewLeadPage } from "./customers/NewLeadPage.tsx";
import { DashboardsPage } from "./dashboards/DashboardsPage.tsx";
import { Layout } from "./Layout.tsx";
import { homeOf, may, usesConsole } from "./session/permissions.ts";
import { SignInPage } from "./session/SignInPage.tsx";
import { useSessionState } from "./session/session.tsx";
import { DuplicatesPage } from "./work/DuplicatesPage.tsx";
import { FollowUpsPage } from "./work/FollowUpsPage.tsx";
import { PoolPage } from "./work/PoolPage.tsx";

export const App = () => {
  const { session, restoring } = useSessionState();
  const { t } = useTranslation();
  const features = useApiFeatures();
  if (restoring) return <p className="loading">{t("common.loading")}</p>;
  if (!session) return <SignInPage />;
  const { role } = session;
  if (!usesConsole(role))
    return (
      <Layout>
        <p className="notice">{t("signIn.notForConsole")}</p>
      </Layout>
    );
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Navigate to={homeOf(role)} replace />} />
        {may(role, "viewDashboards") ? <Route path="/dashboards" element={<DashboardsPage />} /> : null}
        <Route path="/customers" element={<CustomerSearchPage />} />
        {may(role, "createLead") ? <Route path="/customers/new" element={<NewLeadPage />} /> : null}
        <Route path="/customers/:customerId" element={<CustomerPage />} />
        {may(role, "workLists") ? <Route path="/work/pool" element={<PoolPage />} /> : null}
        {may(role, "followUps") ? <Route path="/work/follow-ups" element={<FollowUpsPage />} /> : null}
        {may(role, "reviewDuplicates") ? (
          <Route path="/work/duplicates" element={<DuplicatesPage />} />
        ) : null}
        {may(role, "readAudit") ? <Route path="/audit" element={<AuditPage />} /> : null}
        {may(role, "readAudit") ? (
          <Route path="/audit/customers/:customerId" element={<CustomerHistoryPage />} />
        ) : null}
        {may(role, "readAudit") && features?.has("GET", "/audit/access") ? (
          <Route path="/audit/access" element={<AccessRecordsPage />} />
        ) : null}
        {may(role, "readAudit") && features?.has("GET", "/audit/checkpoints") ? (
          <Route
            path="/audit/checkpoints"
            element={<CheckpointsPage verifies={features.has("GET", "/audit/verify")} />}
          />
        ) : null}
        <Route path="*" element={<Navigate to={homeOf(role)} replace />} />
      </Routes>
    </Layout>
  );
};
