import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format.ts";
import type { Customer } from "./customerAnswers.ts";

type Decision = { granted?: boolean; at?: string; occurredAt?: string; source?: string | null } | boolean;

/** Contract 10.2: the latest consent decision per purpose, when the customer answer carries it. */
export const ConsentPanel = ({ customer }: { customer: Customer }) => {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const decisions = customer as { consents?: Record<string, Decision>; consent?: Record<string, Decision> };
  const byPurpose = decisions.consents ?? decisions.consent;
  if (!byPurpose || typeof byPurpose !== "object") return null;
  const purpose = (name: string) =>
    i18n.exists(`consent.purposes.${name}`) ? t(`consent.purposes.${name}`) : name;
  return (
    <section className="panel" aria-labelledby="consent-title" data-testid="consent">
      <h2 id="consent-title">{t("consent.title")}</h2>
      {Object.keys(byPurpose).length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      <dl className="profile">
        {Object.entries(byPurpose).map(([name, decision]) => {
          const granted = typeof decision === "boolean" ? decision : decision?.granted;
          const at = typeof decision === "object" ? (decision?.at ?? decision?.occurredAt) : undefined;
          return (
            <div key={name}>
              <dt>{purpose(name)}</dt>
              <dd>
                {granted ? t("consent.granted") : t("consent.refused")}
                {at ? ` · ${format.date(at)}` : ""}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
};
