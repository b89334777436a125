import { useTranslation } from "react-i18next";
import { useApiData } from "../api/useApiData.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { AnswerPanel } from "../ui/Panel.tsx";
import type { TimelineItem } from "./customerAnswers.ts";

/** Contract 9.5: what colleagues did, newest first (shown where the API has it). */
export const Timeline = ({ customerId, revision }: { customerId: string; revision: number }) => {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const timeline = useApiData(
    () => api.get<{ items: TimelineItem[] }>(`/customers/${customerId}/timeline`, { limit: 50 }),
    `${customerId}@${revision}:${i18n.language}`,
  );
  return (
    <AnswerPanel title={t("timeline.title")} id="timeline" answer={timeline}>
      {(data) => (
        <ol className="timeline">
          {data.items.map((item) => (
            <li key={item.revision}>
              <time dateTime={item.occurredAt}>{format.dateTime(item.occurredAt)}</time>{" "}
              <span className="tag">
                {i18n.exists(`departments.${item.department}`)
                  ? t(`departments.${item.department}`)
                  : item.department}
              </span>{" "}
              <span>{item.text}</span> <small>{item.actor.id}</small>
            </li>
          ))}
        </ol>
      )}
    </AnswerPanel>
  );
};
