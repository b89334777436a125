import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApiData } from "../api/useApiData.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { Panel } from "../ui/Panel.tsx";
import { Problem } from "../ui/Problem.tsx";

// Contract 10.3 and 10.4, shown where the API has them: who looked at personal data, and
// the signed checkpoints of the global chain with the whole store's verification.

type AccessEntry = {
  actor: { id: string; role: string } | string;
  at: string;
  what: string;
  customerId?: string | null;
  rows?: number | null;
};
type Checkpoint = { position: string | number; globalHash: string; at: string };

/** The list in an answer, whatever its field is called. */
const listIn = <T,>(answer: unknown): T[] => {
  if (Array.isArray(answer)) return answer as T[];
  return (Object.values((answer ?? {}) as Record<string, unknown>).find(Array.isArray) ?? []) as T[];
};

export const AccessRecordsPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const [actorId, setActorId] = useState("");
  const records = useApiData(() => api.get<unknown>("/audit/access", { actorId }), actorId);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setActorId(String(new FormData(event.currentTarget).get("actorId") ?? "").trim());
  };
  return (
    <>
      <h1>{t("trust.accessTitle")}</h1>
      <form className="filters" onSubmit={onSubmit} aria-label={t("audit.filters")}>
        <div className="field">
          <label htmlFor="access-actorId">{t("audit.actor")}</label>
          <input id="access-actorId" name="actorId" />
        </div>
        <button type="submit">{t("search.submit")}</button>
      </form>
      <Problem error={records.error} />
      <div className="table-scroll">
        <table data-testid="access-records">
          <thead>
            <tr>
              <th scope="col">{t("trust.at")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("trust.what")}</th>
              <th scope="col">{t("audit.customer")}</th>
              <th scope="col">{t("trust.rows")}</th>
            </tr>
          </thead>
          <tbody>
            {listIn<AccessEntry>(records.data).map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>{format.dateTime(entry.at)}</td>
                <td>{typeof entry.actor === "string" ? entry.actor : entry.actor.id}</td>
                <td>{entry.what}</td>
                <td>
                  {entry.customerId ? (
                    <Link to={`/audit/customers/${entry.customerId}`}>{entry.customerId.slice(0, 8)}</Link>
                  ) : null}
                </td>
                <td className="number">{entry.rows ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};

export const CheckpointsPage = ({ verifies }: { verifies: boolean }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const checkpoints = useApiData(() => api.get<unknown>("/audit/checkpoints"), "checkpoints");
  const verdict = useApiData(
    () => (verifies ? api.get<{ valid: boolean }>("/audit/verify") : Promise.resolve(null)),
    String(verifies),
  );
  return (
    <>
      <h1>{t("trust.checkpointsTitle")}</h1>
      {verifies ? (
        <Panel
          title={t("trust.wholeStore")}
          id="store-verify"
          loading={verdict.loading}
          error={verdict.error}
        >
          {verdict.data ? (
            <p
              className={verdict.data.valid ? "verdict verdict--good" : "verdict verdict--bad"}
              data-testid="store-verify-result"
            >
              {verdict.data.valid ? t("trust.storeVerified") : t("trust.storeBroken")}
            </p>
          ) : null}
        </Panel>
      ) : null}
      <Problem error={checkpoints.error} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("trust.at")}</th>
              <th scope="col">{t("trust.position")}</th>
              <th scope="col">{t("trust.globalHash")}</th>
            </tr>
          </thead>
          <tbody>
            {listIn<Checkpoint>(checkpoints.data).map((checkpoint) => (
              <tr key={String(checkpoint.position)}>
                <td>{format.dateTime(checkpoint.at)}</td>
                <td className="number">{String(checkpoint.position)}</td>
                <td>
                  <code>{checkpoint.globalHash}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};
