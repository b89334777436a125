import { useTranslation } from "react-i18next";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { type ListPage, usePagedList } from "../api/usePagedList.ts";
import { CustomerLink } from "../customers/CustomerLink.tsx";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import { useButtonCommand } from "../ui/useButtonCommand.ts";

type Pair = { customerId: string; candidateId: string; reasons: string[] };

/**
 * Contract 9.2: the duplicate review queue; keep one customer (merge) or say they differ
 * (dismiss). The API names the newer customer first (the suspected duplicate): a merge keeps
 * the earlier one, the customer on file first, and folds the newer into it.
 */
export const DuplicatesPage = () => {
  const { t } = useTranslation();
  const { api, role } = useSession();
  const features = useApiFeatures();
  const queue = usePagedList((cursor) => api.get<ListPage<Pair>>("/duplicates", { limit: 25, cursor }), "");
  const command = useButtonCommand();
  const act = (send: () => Promise<unknown>) => command.send(send, { done: queue.reload });
  const canMerge = may(role, "mergeDuplicates") && (features?.has("POST", "/customers/{id}/merge") ?? false);
  const canDismiss = may(role, "mergeDuplicates") && (features?.has("POST", "/duplicates/dismiss") ?? false);
  return (
    <>
      <h1>{t("duplicates.title")}</h1>
      <p>{t("duplicates.intro")}</p>
      <Problem error={queue.error ?? command.problem} />
      {queue.items?.length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      <ul className="complaints" data-testid="duplicates">
        {queue.items?.map((pair) => (
          <li key={`${pair.customerId}:${pair.candidateId}`}>
            <p>
              <CustomerLink customerId={pair.customerId} /> ⇄ <CustomerLink customerId={pair.candidateId} />{" "}
              {pair.reasons.map((reason) => (
                <span key={reason} className="tag">
                  {t(`duplicates.reasons.${reason}`)}
                </span>
              ))}
            </p>
            {canMerge ? (
              <button
                type="button"
                onClick={() =>
                  void act(() =>
                    api.post(`/customers/${pair.candidateId}/merge`, { duplicateId: pair.customerId }),
                  )
                }
              >
                {t("duplicates.merge")}
              </button>
            ) : null}{" "}
            {canDismiss ? (
              <button
                type="button"
                className="button--quiet"
                onClick={() =>
                  void act(() =>
                    api.post("/duplicates/dismiss", {
                      customerId: pair.customerId,
                      candidateId: pair.candidateId,
                    }),
                  )
                }
              >
                {t("duplicates.dismiss")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager paging={queue.paging} />
    </>
  );
};
