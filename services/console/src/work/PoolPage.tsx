import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { ApiError } from "../api/apiClient.ts";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { useApiData } from "../api/useApiData.ts";
import { CustomerTable } from "../customers/CustomerTable.tsx";
import type { CustomerPage } from "../customers/customerAnswers.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { Problem } from "../ui/Problem.tsx";

/** The shared pool (公海): customers without an owner; a rep claims one to work it (9.3, when the API has it). */
export const PoolPage = () => {
  const { t } = useTranslation();
  const { api, role } = useSession();
  const navigate = useNavigate();
  const features = useApiFeatures();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const pool = useApiData(
    () => api.get<CustomerPage>("/customers", { pool: true, limit: 25, cursor }),
    cursor ?? "",
  );
  const [claimError, setClaimError] = useState<ApiError | null>(null);
  const canClaim = may(role, "claimFromPool") && (features?.has("POST", "/customers/{id}/claim") ?? false);

  const claim = async (customerId: string) => {
    setClaimError(null);
    try {
      await api.post(`/customers/${customerId}/claim`);
      navigate(`/customers/${customerId}`);
    } catch (error) {
      setClaimError(error as ApiError);
      pool.reload();
    }
  };
  return (
    <>
      <h1>{t("pool.title")}</h1>
      <p>{t("pool.intro")}</p>
      {pool.error?.status === 403 ? (
        <p className="problem">{t("search.notForRole")}</p>
      ) : (
        <Problem error={pool.error} />
      )}
      <Problem error={claimError} />
      {pool.data ? (
        <CustomerTable
          customers={pool.data.items}
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
          disabled={!pool.data?.nextCursor}
          onClick={() => pool.data?.nextCursor && setCursors([...cursors, pool.data.nextCursor])}
        >
          {t("common.next")}
        </button>
      </nav>
    </>
  );
};
