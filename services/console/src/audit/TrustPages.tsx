import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { listIn } from "../api/listIn.ts";
import { useApiData } from "../api/useApiData.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { formFields } from "../ui/fields.tsx";
import { AnswerPanel } from "../ui/Panel.tsx";
import { Problem } from "../ui/Problem.tsx";
import { HistoryLink } from "./auditCells.tsx";

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
        {formFields("access").text("actorId", t("audit.actor"))}
        <button type="submit">{t("search.submit")}</button>
      </form>
      <Problem error={records.error} />
      <DataTable
        testId="access-records"
        rows={listIn<AccessEntry>(records.data)}
        rowKey={(entry, index) => `${entry.at}-${index}`}
        columns={[
          { heading: t("trust.at"), cell: (entry) => format.dateTime(entry.at) },
          {
            heading: t("audit.actor"),
            cell: (entry) => (typeof entry.actor === "string" ? entry.actor : entry.actor.id),
          },
          { heading: t("trust.what"), cell: (entry) => entry.what },
          {
            heading: t("audit.customer"),
            cell: (entry) => (entry.customerId ? <HistoryLink customerId={entry.customerId} /> : null),
          },
          { heading: t("trust.rows"), cell: (entry) => entry.rows ?? "", numeric: true },
        ]}
      />
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
        <AnswerPanel title={t("trust.wholeStore")} id="store-verify" answer={verdict}>
          {(result) => (
            <p
              className={result.valid ? "verdict verdict--good" : "verdict verdict--bad"}
              data-testid="store-verify-result"
            >
              {result.valid ? t("trust.storeVerified") : t("trust.storeBroken")}
            </p>
          )}
        </AnswerPanel>
      ) : null}
      <Problem error={checkpoints.error} />
      <DataTable
        rows={listIn<Checkpoint>(checkpoints.data)}
        rowKey={(checkpoint) => String(checkpoint.position)}
        columns={[
          { heading: t("trust.at"), cell: (checkpoint) => format.dateTime(checkpoint.at) },
          { heading: t("trust.position"), cell: (checkpoint) => String(checkpoint.position), numeric: true },
          { heading: t("trust.globalHash"), cell: (checkpoint) => <code>{checkpoint.globalHash}</code> },
        ]}
      />
    </>
  );
};
