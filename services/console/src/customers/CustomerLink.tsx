import { Link } from "react-router";
import { useApiData } from "../api/useApiData.ts";
import { useSession } from "../session/session.tsx";

/** A link to a customer by name, for answers that carry only ids (at-risk list, duplicate pairs). */
export const CustomerLink = ({ customerId }: { customerId: string }) => {
  const { api } = useSession();
  const { data } = useApiData(() => api.get<{ name: string }>(`/customers/${customerId}`), customerId);
  return <Link to={`/customers/${customerId}`}>{data?.name ?? customerId.slice(0, 8)}</Link>;
};
