import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../i18n/format.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
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
  const columns: Column<Customer>[] = [
    {
      heading: t("customer.name"),
      cell: (customer) => <Link to={`/customers/${customer.customerId}`}>{customer.name}</Link>,
      names: true,
    },
    { heading: t("customer.company"), cell: (customer) => customer.company ?? "" },
    { heading: t("customer.stage"), cell: (customer) => t(`stages.${customer.stage}`) },
    { heading: t("customer.lifecycle"), cell: (customer) => t(`lifecycle.${customer.lifecycle}`) },
    { heading: t("customer.owner"), cell: (customer) => customer.ownerId ?? t("customer.inPool") },
    {
      heading: t("customer.expectedValue"),
      cell: (customer) => format.money(customer.expectedValue),
      numeric: true,
    },
    { heading: t("customer.revenue"), cell: (customer) => format.money(customer.revenue), numeric: true },
  ];
  if (action) columns.push({ heading: t("common.action"), cell: action });
  return (
    <DataTable
      testId="customer-results"
      rows={customers}
      rowKey={(customer) => customer.customerId}
      columns={columns}
    />
  );
};
