import type { ReactNode } from "react";
import { type Figure, NumberCell } from "./Panel.tsx";

// The console's tables: one heading per column, one row per item of the API's answer. A table
// wider than the screen scrolls on its own, so the page never runs off the side of a phone.

export type Column<T> = { heading: string } & (
  | {
      cell: (row: T, index: number) => ReactNode;
      /** The column that names the row: its cells are row headers for screen readers. */
      names?: boolean;
      /** Right-aligned, in tabular figures. */
      numeric?: boolean;
    }
  /** One of the API's numbers, formatted, with its raw value for the browser tests. */
  | { figure: (row: T, index: number) => Figure }
);

const Cell = <T,>({ column, row, index }: { column: Column<T>; row: T; index: number }) => {
  if ("figure" in column) return <NumberCell {...column.figure(row, index)} />;
  if (column.names) return <th scope="row">{column.cell(row, index)}</th>;
  return <td className={column.numeric ? "number" : undefined}>{column.cell(row, index)}</td>;
};

export const DataTable = <T,>({
  rows,
  rowKey,
  columns,
  testId,
  caption,
  lastRow,
}: {
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  columns: Column<T>[];
  testId?: string;
  /** A title for screen readers where the panel's heading is not enough. */
  caption?: string;
  /** A row after the items (a total). */
  lastRow?: ReactNode;
}) => (
  <div className="table-scroll">
    <table data-testid={testId}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column.heading}>
              {column.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {columns.map((column) => (
              <Cell key={column.heading} column={column} row={row} index={index} />
            ))}
          </tr>
        ))}
        {lastRow}
      </tbody>
    </table>
  </div>
);
