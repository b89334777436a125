import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useApiData } from "../api/useApiData.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { AnswerPanel } from "../ui/Panel.tsx";
import { Problem } from "../ui/Problem.tsx";
import { i18nEvent } from "./AuditPage.tsx";
import type { HistoryEvent, Verification } from "./auditAnswers.ts";

/** A customer's every event with who, when and in which request, and the hash chain recomputed. */
export const CustomerHistoryPage = () => {
  const { customerId = "" } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const history = useApiData(
    () => api.get<{ events: HistoryEvent[] }>(`/customers/${customerId}/history`),
    customerId,
  );
  const verify = useApiData(() => api.get<Verification>(`/customers/${customerId}/verify`), customerId);
  return (
    <>
      <div className="page-title">
        <h1>{t("audit.historyTitle")}</h1>
        <Link to={`/customers/${customerId}`}>{t("audit.toCustomer")}</Link>
      </div>
      <AnswerPanel title={t("audit.chain")} id="verify" answer={verify}>
        {(result) => (
          <p
            className={result.valid ? "verdict verdict--good" : "verdict verdict--bad"}
            data-testid="verify-result"
            data-valid={String(result.valid)}
          >
            {result.valid
              ? t("audit.verified", { count: result.events })
              : t("audit.broken", { revision: result.brokenAt })}
          </p>
        )}
      </AnswerPanel>
      <Problem error={history.error} />
      {history.data ? (
        <ol className="history" data-testid="history">
          {history.data.events.map((event) => (
            <li key={event.revision}>
              <p>
                <strong>
                  #{event.revision} {i18nEvent(t, event.type)}
                </strong>{" "}
                <span>
                  {event.actor.id} ({event.actor.role})
                </span>
              </p>
              <p className="history__times">
                {t("audit.occurredAt")}: {format.dateTime(event.occurredAt)} · {t("audit.recordedAt")}:{" "}
                {format.dateTime(event.recordedAt)} · {t("audit.correlation")}:{" "}
                <code>{event.correlationId}</code>
              </p>
              <dl className="history__data">
                {Object.entries(event.data)
                  .filter(([field, value]) => field !== "schemaVersion" && value !== null)
                  .map(([field, value]) => (
                    <div key={field}>
                      <dt>{field}</dt>
                      <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                    </div>
                  ))}
              </dl>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
};
