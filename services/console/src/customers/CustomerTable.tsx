import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../i18n/format.ts";
import type { Customer } from "./customerAnswers.ts";

export const CustomerTable = ({
  customers,
  action,
}: {
  customers: Customer[];
  /** An extra cell per row (the pool's claim). */
  action?: (customer: Customer) => ReactNode;
}) => {
  const { t } = useTranslation();
  const format = useFormat();
  if (customers.length === 0) return <p className="empty">{t("search.noResults")}</p>;
  return (
    <div className="table-scroll">
      <table data-testid="customer-results">
        <thead>
          <tr>
            <th scope="col">{t("customer.name")}</th>
            <th scope="col">{t("customer.company")}</th>
            <th scope="col">{t("customer.stage")}</th>
            <th scope="col">{t("customer.lifecycle")}</th>
            <th scope="col">{t("customer.owner")}</th>
            <th scope="col">{t("customer.expectedValue")}</th>
            <th scope="col">{t("customer.revenue")}</th>
            {action ? <th scope="col">{t("common.action")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.customerId}>
              <th scope="row">
                <Link to={`/customers/${customer.customerId}`}>{customer.name}</Link>
              </th>
              <td>{customer.company ?? ""}</td>
              <td>{t(`stages.${customer.stage}`)}</td>
              <td>{t(`lifecycle.${customer.lifecycle}`)}</td>
              <td>{customer.ownerId ?? t("customer.inPool")}</td>
              <td className="number">{format.money(customer.expectedValue)}</td>
              <td className="number">{format.money(customer.revenue)}</td>
              {action ? <td>{action(customer)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
