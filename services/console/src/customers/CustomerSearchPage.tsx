import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { usePagedList } from "../api/usePagedList.ts";
import { dayStart, nextDayStart } from "../i18n/calendarDays.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { formFields, useChoices } from "../ui/fields.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import { LEAD_SOURCES, LIFECYCLE_STAGES, STAGES } from "../vocabulary.ts";
import { CustomerTable } from "./CustomerTable.tsx";
import type { CustomerPage } from "./customerAnswers.ts";

const PAGE_SIZE = 25;
const FILTERS = ["q", "stage", "lifecycle", "ownerId", "tag", "source", "region", "pool"] as const;
/** Section 9.6's filters, offered once the API's search takes them. */
const LATER_FILTERS = ["industry", "companySize", "createdFrom", "createdTo"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number] | (typeof LATER_FILTERS)[number], string>>;

/** Search with the filters of section 4; pages follow the API's cursor (earlier cursors kept for "back"). */
export const CustomerSearchPage = () => {
  const { t } = useTranslation();
  const { api, role } = useSession();
  const features = useApiFeatures();
  const [filters, setFilters] = useState<Filters>({});
  const results = usePagedList(
    (cursor) => api.get<CustomerPage>("/customers", { ...filters, limit: PAGE_SIZE, cursor }),
    JSON.stringify(filters),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    setFilters({
      ...Object.fromEntries([...FILTERS, "industry", "companySize"].map((name) => [name, value(name)])),
      createdFrom: dayStart(value("createdFrom")),
      // The person picks the last day; the API's bound is the start of the next.
      createdTo: nextDayStart(value("createdTo")),
    });
    results.fromTheStart();
  };
  const field = formFields("search");
  const choices = useChoices();
  const choice = (name: string, values: readonly string[], catalogue: string) =>
    field.choice(name, t(`search.${name}`), choices(values, catalogue), { blank: t("common.all") });
  const text = (name: string, type = name === "q" ? "search" : "text") =>
    field.text(name, t(`search.${name}`), { type });
  const offered = (name: string) => features?.takes("GET", "/customers", name) ?? false;

  return (
    <>
      <div className="page-title">
        <h1>{t("search.title")}</h1>
        {may(role, "createLead") ? (
          <Link className="button" to="/customers/new">
            {t("lead.create")}
          </Link>
        ) : null}
      </div>
      <form className="filters" onSubmit={onSubmit} aria-label={t("search.filters")}>
        {text("q")}
        {choice("stage", STAGES, "stages")}
        {choice("lifecycle", LIFECYCLE_STAGES, "lifecycle")}
        {choice("source", LEAD_SOURCES, "sources")}
        {text("ownerId")}
        {text("tag")}
        {text("region")}
        {choice("pool", ["true", "false"], "search.poolChoice")}
        {offered("industry") ? text("industry") : null}
        {offered("companySize") ? text("companySize") : null}
        {offered("createdFrom") ? text("createdFrom", "date") : null}
        {offered("createdTo") ? text("createdTo", "date") : null}
        <button type="submit">{t("search.submit")}</button>
      </form>
      <Problem error={results.error} forbidden={t("search.notForRole")} />
      {results.loading ? <p className="loading">{t("common.loading")}</p> : null}
      {results.items ? <CustomerTable customers={results.items} /> : null}
      <Pager paging={results.paging} numbered />
    </>
  );
};
