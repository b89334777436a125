import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { ChoiceOptions, useChoices } from "../ui/fields.tsx";
import { LEAD_SOURCES } from "../vocabulary.ts";
import { ActivityPanel, VelocityPanel } from "./AnalyticsPanels.tsx";
import { ChurnPanel } from "./ChurnPanel.tsx";
import { useDashboardQuery } from "./dashboardQuery.ts";
import { FunnelPanel } from "./FunnelPanel.tsx";
import { LifecyclePanel } from "./LifecyclePanel.tsx";
import { ValuePanel } from "./ValuePanel.tsx";

/**
 * Every chart of the page answers for one moment: moving the "as of" date asks the API
 * again with that asOf (time travel by replay), never recomputes anything here.
 */
export const DashboardsPage = () => {
  const { t } = useTranslation();
  const { query, update } = useDashboardQuery();
  const features = useApiFeatures();
  const choices = useChoices();
  const onInput = (field: keyof typeof query) => (event: { target: { value: string } }) =>
    update({ [field]: event.target.value });
  /** A field of the page's query: shows what the address holds, and a change goes into the address. */
  const input = (
    field: keyof typeof query,
    label: string,
    attributes: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <div className="field">
      <label htmlFor={field}>{label}</label>
      <input {...attributes} id={field} value={query[field]} onChange={onInput(field)} />
    </div>
  );
  return (
    <>
      <h1>{t("dashboards.title")}</h1>
      <form
        className="filters"
        aria-label={t("dashboards.filters")}
        onSubmit={(event) => event.preventDefault()}
      >
        {input("asOf", t("dashboards.asOf"), { type: "date" })}
        {input("from", t("dashboards.from"), { type: "date" })}
        {input("to", t("dashboards.to"), { type: "date" })}
        {input("target", t("dashboards.target"), { type: "number", min: "0", step: "any" })}
        {input("ownerId", t("dashboards.owner"))}
        <div className="field">
          <label htmlFor="source">{t("dashboards.source")}</label>
          <select id="source" value={query.source} onChange={onInput("source")}>
            <option value="">{t("common.all")}</option>
            <ChoiceOptions options={choices(LEAD_SOURCES, "sources")} />
          </select>
        </div>
        {input("region", t("dashboards.region"))}
        <p className="filters__note">{query.asOf ? t("dashboards.asOfNote") : t("dashboards.nowNote")}</p>
      </form>
      <div className="panels">
        <FunnelPanel query={query} />
        <LifecyclePanel query={query} />
        <ChurnPanel query={query} />
        <ValuePanel query={query} />
        {features?.has("GET", "/views/stage-velocity") ? <VelocityPanel query={query} /> : null}
        {features?.has("GET", "/views/activity") ? <ActivityPanel query={query} /> : null}
      </div>
    </>
  );
};
