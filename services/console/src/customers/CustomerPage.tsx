import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApiError } from "../api/apiClient.ts";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { useApiData } from "../api/useApiData.ts";
import { useFormat } from "../i18n/format.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { Problem } from "../ui/Problem.tsx";
import { useButtonCommand } from "../ui/useButtonCommand.ts";
import { ComplaintList } from "./ComplaintList.tsx";
import { ConsentPanel } from "./ConsentPanel.tsx";
import { CustomerCommands } from "./CustomerCommands.tsx";
import type { Complaint, Customer } from "./customerAnswers.ts";
import { Timeline } from "./Timeline.tsx";

export const CustomerPage = () => {
  const { customerId = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { api, role, actorId } = useSession();
  const features = useApiFeatures();
  const customer = useApiData(() => api.get<Customer>(`/customers/${customerId}`), customerId);
  const revision = customer.data?.revision ?? -1;
  const showsComplaints = features?.has("GET", "/customers/{id}/complaints") ?? false;
  const complaints = useApiData(
    () =>
      showsComplaints
        ? api.get<{ items: Complaint[] }>(`/customers/${customerId}/complaints`)
        : Promise.resolve({ items: [] }),
    `${customerId}@${revision}:${showsComplaints}`,
  );
  const [notice, setNotice] = useState<{ kind: "done" | "changed"; at: number } | null>(null);
  const poolCommand = useButtonCommand();
  const canClaim = may(role, "claimFromPool") && (features?.has("POST", "/customers/{id}/claim") ?? false);
  // Contract 9.3: the owner (or an admin) may hand the customer back to the pool.
  const canRelease = features?.has("POST", "/customers/{id}/release") ?? false;

  const onDone = () => {
    setNotice({ kind: "done", at: Date.now() });
    customer.reload();
  };
  // 412: someone changed the customer after this page loaded it; show them the latest.
  const onRefused = (error: ApiError) => {
    if (error.status !== 412) return;
    setNotice({ kind: "changed", at: Date.now() });
    customer.reload();
  };
  const poolMove = (action: "claim" | "release") => () =>
    poolCommand.send(() => api.post(`/customers/${customerId}/${action}`), {
      done: onDone,
      refused: customer.reload,
    });

  if (customer.error) return <Problem error={customer.error} />;
  const shown = customer.data;
  if (!shown) return <p className="loading">{t("common.loading")}</p>;
  const profile: [string, string][] = [
    ["company", shown.company ?? ""],
    ["email", shown.email ?? ""],
    ["phone", shown.phone ?? ""],
    ["source", t(`sources.${shown.source}`)],
    ["region", shown.region ?? ""],
    ["industry", shown.industry ?? ""],
    ["tags", shown.tags.join(", ")],
    ["owner", shown.ownerId ?? t("customer.inPool")],
    ["createdAt", format.dateTime(shown.createdAt)],
  ];
  const figures: [string, string][] = [
    ["expectedValue", format.money(shown.expectedValue)],
    ["orders", format.count(shown.orders)],
    ["revenue", format.money(shown.revenue)],
    ["referrals", format.count(shown.referrals)],
    ["openComplaints", format.count(shown.openComplaints)],
  ];
  return (
    <>
      <div className="page-title">
        <h1 data-testid="customer-name">{shown.name}</h1>
        <span className="tag tag--stage" data-testid="customer-stage">
          {t(`stages.${shown.stage}`)}
        </span>
        <span className="tag" data-testid="customer-lifecycle">
          {t(`lifecycle.${shown.lifecycle}`)}
        </span>
        <span className="revision" data-testid="customer-revision" data-value={shown.revision}>
          {t("customer.revision", { revision: shown.revision })}
        </span>
        {may(role, "readAudit") ? (
          <Link to={`/audit/customers/${customerId}`}>{t("audit.history")}</Link>
        ) : null}
        {canClaim && shown.ownerId === null ? (
          <button type="button" onClick={() => void poolMove("claim")()}>
            {t("claim.button")}
          </button>
        ) : null}
        {canRelease && shown.ownerId !== null && (shown.ownerId === actorId || role === "admin") ? (
          <button type="button" className="button--quiet" onClick={() => void poolMove("release")()}>
            {t("claim.release")}
          </button>
        ) : null}
      </div>
      <Problem error={poolCommand.problem} />
      {notice ? (
        <p
          className={notice.kind === "changed" ? "notice notice--warning" : "notice"}
          role="status"
          key={notice.at}
        >
          {notice.kind === "changed" ? t("customer.changedElsewhere") : t("customer.saved")}
        </p>
      ) : null}
      {shown.mergedInto ? (
        <p className="notice">
          {t("customer.mergedInto")} <Link to={`/customers/${shown.mergedInto}`}>{shown.mergedInto}</Link>
        </p>
      ) : null}
      <div className="panels">
        <section className="panel" aria-labelledby="profile-title">
          <h2 id="profile-title">{t("customer.profile")}</h2>
          <dl className="profile">
            {profile.map(([field, value]) => (
              <div key={field}>
                <dt>{t(`customer.${field}`)}</dt>
                <dd data-testid={`customer-${field}`}>{value || "—"}</dd>
              </div>
            ))}
          </dl>
          <dl className="metrics">
            {figures.map(([field, value]) => (
              <div className="metric" key={field}>
                <dt>{t(`customer.${field}`)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <ConsentPanel customer={shown} />
        <CustomerCommands customer={shown} onDone={onDone} onRefused={onRefused} features={features} />
        {showsComplaints && complaints.data ? (
          <ComplaintList
            customer={shown}
            complaints={complaints.data.items}
            onDone={onDone}
            onRefused={onRefused}
          />
        ) : null}
        {features?.has("GET", "/customers/{id}/timeline") ? (
          <Timeline customerId={customerId} revision={shown.revision} />
        ) : null}
      </div>
    </>
  );
};
