import { useTranslation } from "react-i18next";
import type { Paging } from "../api/usePagedList.ts";

/** "Previous" and "next" under a paged list; `numbered` also says which page is shown. */
export const Pager = ({ paging, numbered }: { paging: Paging; numbered?: boolean }) => {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t("common.pages")}>
      <button type="button" disabled={!paging.previous} onClick={paging.previous}>
        {t("common.previous")}
      </button>
      {numbered ? <span>{t("common.page", { page: paging.page })}</span> : null}
      <button type="button" disabled={!paging.next} onClick={paging.next}>
        {t("common.next")}
      </button>
    </nav>
  );
};
