import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format.ts";
import { Chart } from "../ui/Chart.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { Metric, Panel } from "../ui/Panel.tsx";
import { type DashboardQuery, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";
import { VALUE_TIERS, type ValueAnswer } from "./viewAnswers.ts";

/**
 * The 80/20 curve: customers ranked by the API's revenue, the running share of total
 * revenue they hold. The marked point is the API's own pareto figure.
 */
const paretoCurve = (answer: ValueAnswer) => {
  const revenues = answer.customers.map((customer) => customer.revenue).sort((a, b) => b - a);
  const total = revenues.reduce((sum, revenue) => sum + revenue, 0);
  let running = 0;
  return [
    [0, 0],
    ...revenues.map((revenue, index) => {
      running += revenue;
      return [(index + 1) / revenues.length, total === 0 ? 0 : running / total];
    }),
  ];
};

export const ValuePanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, loading } = useViewAnswer<ValueAnswer>("/views/customer-value", {
    asOf: viewParameters(query).asOf,
  });
  const pyramid = useMemo(
    () =>
      data && {
        tooltip: { trigger: "item" },
        series: [
          {
            type: "funnel",
            sort: "ascending",
            left: "10%",
            width: "80%",
            label: { show: true, position: "inside" },
            data: VALUE_TIERS.filter((tier) => tier !== "negative").map((tier) => ({
              name: t(`tiers.${tier}`),
              // Equal steps, the top tier at the apex: the pyramid shows the order of the
              // tiers, the table beside it their sizes.
              value: VALUE_TIERS.indexOf(tier) + 1,
            })),
          },
        ],
      },
    [data, t],
  );
  const curve = useMemo(
    () =>
      data && {
        tooltip: { trigger: "axis" },
        grid: { left: 44, right: 44, top: 20, bottom: 32 },
        xAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: (v: number) => format.percent(v) } },
        yAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: (v: number) => format.percent(v) } },
        series: [
          {
            type: "line",
            showSymbol: false,
            data: paretoCurve(data),
            markLine: {
              symbol: "none",
              label: { formatter: (mark: { value: number }) => format.percent(mark.value) },
              data: [{ xAxis: 0.2 }, { yAxis: data.summary.pareto.revenueShare ?? 0 }],
            },
          },
        ],
      },
    [data, format],
  );
  return (
    <Panel title={t("value.title")} id="value" loading={loading} error={error} wide>
      {data && pyramid && curve ? (
        <>
          <dl className="metrics">
            <Metric
              label={t("value.totalRevenue")}
              value={data.summary.totalRevenue}
              as="money"
              testId="value-totalRevenue"
            />
            <Metric
              label={t("value.paretoShare", { count: data.summary.pareto.topCustomers })}
              value={data.summary.pareto.revenueShare}
              as="percent"
              testId="value-pareto-revenueShare"
            />
          </dl>
          <div className="panel__columns">
            <div>
              <h3>{t("value.pyramid")}</h3>
              <Chart option={pyramid} label={t("value.pyramid")} height={200} />
              <DataTable
                rows={VALUE_TIERS}
                rowKey={(tier) => tier}
                columns={[
                  { heading: t("value.tier"), cell: (tier) => t(`tiers.${tier}`), names: true },
                  {
                    heading: t("value.customers"),
                    figure: (tier) => ({
                      value: data.summary.tiers[tier].customers,
                      testId: `value-tier-${tier}-customers`,
                    }),
                  },
                  {
                    heading: t("value.revenue"),
                    figure: (tier) => ({
                      value: data.summary.tiers[tier].revenue,
                      as: "money",
                      testId: `value-tier-${tier}-revenue`,
                    }),
                  },
                ]}
              />
            </div>
            <div>
              <h3>{t("value.curve")}</h3>
              <Chart option={curve} label={t("value.curveLabel")} />
            </div>
          </div>
        </>
      ) : null}
    </Panel>
  );
};
