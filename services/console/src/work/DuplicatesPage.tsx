import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { useApiData } from "../api/useApiData.ts";
import { CustomerLink } from "../customers/CustomerLink.tsx";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { Problem } from "../ui/Problem.tsx";

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
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const queue = useApiData(
    () => api.get<{ items: Pair[]; nextCursor: string | null }>("/duplicates", { limit: 25, cursor }),
    cursor ?? "",
  );
  const [problem, setProblem] = useState<ApiError | null>(null);
  const act = async (send: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await send();
      queue.reload();
    } catch (error) {
      setProblem(error as ApiError);
    }
  };
  const canMerge = may(role, "mergeDuplicates") && (features?.has("POST", "/customers/{id}/merge") ?? false);
  const canDismiss = may(role, "mergeDuplicates") && (features?.has("POST", "/duplicates/dismiss") ?? false);
  return (
    <>
      <h1>{t("duplicates.title")}</h1>
      <p>{t("duplicates.intro")}</p>
      <Problem error={queue.error ?? problem} />
      {queue.data?.items.length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      <ul className="complaints" data-testid="duplicates">
        {queue.data?.items.map((pair) => (
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
      <nav className="pager" aria-label={t("common.pages")}>
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {t("common.previous")}
        </button>
        <button
          type="button"
          disabled={!queue.data?.nextCursor}
          onClick={() => queue.data?.nextCursor && setCursors([...cursors, queue.data.nextCursor])}
        >
          {t("common.next")}
        </button>
      </nav>
    </>
  );
};
