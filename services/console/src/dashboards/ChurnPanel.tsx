import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { CustomerLink } from "../customers/CustomerLink.tsx";
import { useFormat } from "../i18n/format.ts";
import { Chart } from "../ui/Chart.tsx";
import { Metric, NumberCell, Panel } from "../ui/Panel.tsx";
import { type DashboardQuery, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";
import { type ChurnAnswer, FUNNEL_STAGES } from "./viewAnswers.ts";

export const ChurnPanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, loading } = useViewAnswer<ChurnAnswer>("/views/churn", viewParameters(query));
  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        // Ranked: the most frequent reason on top.
        yAxis: {
          type: "category",
          inverse: true,
          data: data.reasons.map((row) => t(`lostReasons.${row.reason}`)),
        },
        xAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.reasons.map((row) => row.count) }],
      },
    [data, t],
  );
  return (
    <Panel title={t("churn.title")} id="churn" loading={loading} error={error} wide>
      {data && option ? (
        <>
          <dl className="metrics">
            <Metric
              label={t("churn.churnRate")}
              value={data.churnRate}
              as="percent"
              testId="churn-churnRate"
            />
            <Metric label={t("churn.newCustomers")} value={data.customers.new} testId="churn-new" />
            <Metric label={t("churn.churned")} value={data.customers.churned} testId="churn-churned" />
            <Metric
              label={t("churn.daysToLossMean")}
              value={data.daysToLoss.mean}
              testId="churn-daysToLoss-mean"
            />
            <Metric
              label={t("churn.daysToLossMedian")}
              value={data.daysToLoss.median}
              testId="churn-daysToLoss-median"
            />
            <Metric
              label={t("churn.winBack")}
              value={data.winBack.succeeded}
              shown={t("churn.winBackShown", {
                succeeded: format.count(data.winBack.succeeded),
                attempted: format.count(data.winBack.attempted),
              })}
              testId="churn-winBack"
            />
            <Metric
              label={t("churn.openComplaints")}
              value={data.complaints.open}
              testId="churn-complaints-open"
            />
          </dl>
          <div className="panel__columns">
            <div>
              <h3>{t("churn.reasons")}</h3>
              {data.reasons.length === 0 ? (
                <p className="empty">{t("common.none")}</p>
              ) : (
                <Chart
                  option={option}
                  label={t("churn.reasonsChart")}
                  height={40 + 28 * data.reasons.length}
                />
              )}
            </div>
            <div>
              <h3>{t("churn.lostByStage")}</h3>
              <table>
                <tbody>
                  {FUNNEL_STAGES.map((stage) => (
                    <tr key={stage}>
                      <th scope="row">{t(`stages.${stage}`)}</th>
                      <NumberCell value={data.lostByStage[stage]} testId={`churn-lostByStage-${stage}`} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <h3>{t("churn.atRisk")}</h3>
          {data.atRisk.length === 0 ? (
            <p className="empty">{t("common.none")}</p>
          ) : (
            <ul className="at-risk" data-testid="churn-atRisk">
              {data.atRisk.map((row) => (
                <li key={row.customerId}>
                  <CustomerLink customerId={row.customerId} />{" "}
                  {row.risks.map((risk) => (
                    <span key={risk} className="tag tag--bad">
                      {t(`risks.${risk}`)}
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </Panel>
  );
};
