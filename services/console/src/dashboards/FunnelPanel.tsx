import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format.ts";
import { Chart } from "../ui/Chart.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { type Figure, Metric, Panel } from "../ui/Panel.tsx";
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
  /** The API's conversion on to the next stage (none after the last). */
  const conversion = (step: FunnelAnswer["conversion"][number] | undefined): Figure =>
    step ? { value: step.rate, shown: `→ ${format.percent(step.rate)}` } : { value: null, shown: "" };
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
          <DataTable
            caption={t("funnel.title")}
            rows={data.stages}
            rowKey={(row) => row.stage}
            columns={[
              { heading: t("funnel.stage"), cell: (row) => t(`stages.${row.stage}`), names: true },
              {
                heading: t("funnel.reached"),
                figure: (row) => ({ value: row.reached, testId: `funnel-reached-${row.stage}` }),
              },
              {
                heading: t("funnel.current"),
                figure: (row) => ({ value: row.current, testId: `funnel-current-${row.stage}` }),
              },
              {
                heading: t("funnel.value"),
                figure: (row) => ({ value: row.value, as: "money", testId: `funnel-value-${row.stage}` }),
              },
              {
                heading: t("funnel.conversion"),
                figure: (_row, index) => conversion(data.conversion[index]),
              },
              { heading: t("funnel.lostFrom"), figure: (row) => ({ value: data.lostByStage[row.stage] }) },
            ]}
          />
        </>
      ) : null}
    </Panel>
  );
};
