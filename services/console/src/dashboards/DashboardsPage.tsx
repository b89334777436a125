import { useTranslation } from "react-i18next";
import { useApiFeatures } from "../api/apiFeatures.ts";
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
  const onInput = (field: keyof typeof query) => (event: { target: { value: string } }) =>
    update({ [field]: event.target.value });
  return (
    <>
      <h1>{t("dashboards.title")}</h1>
      <form
        className="filters"
        aria-label={t("dashboards.filters")}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field">
          <label htmlFor="asOf">{t("dashboards.asOf")}</label>
          <input id="asOf" type="date" value={query.asOf} onChange={onInput("asOf")} />
        </div>
        <div className="field">
          <label htmlFor="from">{t("dashboards.from")}</label>
          <input id="from" type="date" value={query.from} onChange={onInput("from")} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("dashboards.to")}</label>
          <input id="to" type="date" value={query.to} onChange={onInput("to")} />
        </div>
        <div className="field">
          <label htmlFor="target">{t("dashboards.target")}</label>
          <input
            id="target"
            type="number"
            min="0"
            step="any"
            value={query.target}
            onChange={onInput("target")}
          />
        </div>
        <div className="field">
          <label htmlFor="ownerId">{t("dashboards.owner")}</label>
          <input id="ownerId" value={query.ownerId} onChange={onInput("ownerId")} />
        </div>
        <div className="field">
          <label htmlFor="source">{t("dashboards.source")}</label>
          <select id="source" value={query.source} onChange={onInput("source")}>
            <option value="">{t("common.all")}</option>
            {LEAD_SOURCES.map((source) => (
              <option key={source} value={source}>
                {t(`sources.${source}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">{t("dashboards.region")}</label>
          <input id="region" value={query.region} onChange={onInput("region")} />
        </div>
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
