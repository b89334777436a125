import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { usePagedList } from "../api/usePagedList.ts";
import { CustomerTable } from "../customers/CustomerTable.tsx";
import type { CustomerPage } from "../customers/customerAnswers.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import { useButtonCommand } from "../ui/useButtonCommand.ts";

/** The shared pool (公海): customers without an owner; a rep claims one to work it (9.3, when the API has it). */
export const PoolPage = () => {
  const { t } = useTranslation();
  const { api, role } = useSession();
  const navigate = useNavigate();
  const features = useApiFeatures();
  const pool = usePagedList(
    (cursor) => api.get<CustomerPage>("/customers", { pool: true, limit: 25, cursor }),
    "",
  );
  const claiming = useButtonCommand();
  const canClaim = may(role, "claimFromPool") && (features?.has("POST", "/customers/{id}/claim") ?? false);

  const claim = (customerId: string) =>
    claiming.send(() => api.post(`/customers/${customerId}/claim`), {
      done: () => navigate(`/customers/${customerId}`),
      // Someone else may have claimed it first: show the pool as it is now.
      refused: pool.reload,
    });
  return (
    <>
      <h1>{t("pool.title")}</h1>
      <p>{t("pool.intro")}</p>
      <Problem error={pool.error} forbidden={t("search.notForRole")} />
      <Problem error={claiming.problem} />
      {pool.items ? (
        <CustomerTable
          customers={pool.items}
          {...(canClaim
            ? {
                action: (customer) => (
                  <button type="button" onClick={() => void claim(customer.customerId)}>
                    {t("pool.claim")}
                  </button>
                ),
              }
            : {})}
        />
      ) : null}
      <Pager paging={pool.paging} />
    </>
  );
};
