import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format.ts";
import { Chart } from "../ui/Chart.tsx";
import { Metric, NumberCell, Panel } from "../ui/Panel.tsx";
import { type DashboardQuery, viewFilters, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";
import type { FunnelAnswer } from "./viewAnswers.ts";

export const FunnelPanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, loading } = useViewAnswer<FunnelAnswer>("/views/funnel", {
    ...viewParameters(query),
    ...viewFilters(query),
    target: Number(query.target) > 0 ? query.target : undefined,
  });

  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [t("funnel.reached"), t("funnel.current")] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: data.stages.map((row) => t(`stages.${row.stage}`)) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: t("funnel.reached"), type: "bar", data: data.stages.map((row) => row.reached) },
          { name: t("funnel.current"), type: "bar", data: data.stages.map((row) => row.current) },
        ],
      },
    [data, t],
  );

  const healthy = data?.coverageHealthy;
  return (
    <Panel title={t("funnel.title")} id="funnel" loading={loading} error={error} wide>
      {data && option ? (
        <>
          <dl className="metrics">
            <Metric label={t("funnel.winRate")} value={data.winRate} as="percent" testId="funnel-winRate" />
            <Metric
              label={t("funnel.pipelineValue")}
              value={data.pipelineValue}
              as="money"
              testId="funnel-pipelineValue"
            />
            <Metric
              label={t("funnel.coverage")}
              value={data.coverage}
              shown={data.coverage === null ? t("funnel.noTarget") : `${format.count(data.coverage)} : 1`}
              testId="funnel-coverage"
              tone={healthy === null ? undefined : healthy ? "good" : "bad"}
            />
            {healthy === null ? null : (
              <Metric
                label={t("funnel.rule")}
                value={healthy}
                shown={healthy ? t("funnel.healthy") : t("funnel.unhealthy")}
                testId="funnel-coverageHealthy"
                tone={healthy ? "good" : "bad"}
              />
            )}
            <Metric label={t("funnel.lost")} value={data.lost} testId="funnel-lost" />
            <Metric label={t("funnel.stale")} value={data.stale} testId="funnel-stale" />
          </dl>
          <Chart option={option} label={t("funnel.chartLabel")} />
          <div className="table-scroll">
            <table className="numbers">
              <caption className="visually-hidden">{t("funnel.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("funnel.stage")}</th>
                  <th scope="col">{t("funnel.reached")}</th>
                  <th scope="col">{t("funnel.current")}</th>
                  <th scope="col">{t("funnel.value")}</th>
                  <th scope="col">{t("funnel.conversion")}</th>
                  <th scope="col">{t("funnel.lostFrom")}</th>
                </tr>
              </thead>
              <tbody>
                {data.stages.map((row, index) => {
                  const conversion = data.conversion[index];
                  return (
                    <tr key={row.stage}>
                      <th scope="row">{t(`stages.${row.stage}`)}</th>
                      <NumberCell value={row.reached} testId={`funnel-reached-${row.stage}`} />
                      <NumberCell value={row.current} testId={`funnel-current-${row.stage}`} />
                      <NumberCell value={row.value} as="money" testId={`funnel-value-${row.stage}`} />
                      <NumberCell
                        value={conversion?.rate ?? null}
                        shown={conversion ? `→ ${format.percent(conversion.rate)}` : ""}
                      />
                      <NumberCell value={data.lostByStage[row.stage]} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Panel>
  );
};
