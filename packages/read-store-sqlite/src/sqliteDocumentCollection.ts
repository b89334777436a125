import type { DatabaseSync } from "node:sqlite";
import type { DocumentCollection, ReadModelDocument } from "@crm/read-store";

/**
 * Documents as JSON rows, mirrored in memory: views read every document of a
 * collection on each query, and parsing them from disk each time would dominate.
 * The rows are what survives a restart; the mirror is loaded on first use.
 */
export const sqliteDocumentCollection = <T extends ReadModelDocument>(
  db: DatabaseSync,
  name: string,
): DocumentCollection<T> => {
  const select = db.prepare("SELECT id, body FROM documents WHERE collection = ?");
  const upsert = db.prepare(
    `INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
  );
  const removeAll = db.prepare("DELETE FROM documents WHERE collection = ?");
  let mirror: Map<string, T> | undefined;

  const loaded = (): Map<string, T> => {
    if (!mirror) {
      mirror = new Map();
      for (const row of select.iterate(name) as Iterable<{ id: string; body: string }>)
        mirror.set(row.id, JSON.parse(row.body) as T);
    }
    return mirror;
  };

  return {
    getMany: async (ids) => {
      const documents = loaded();
      const found = new Map<string, T>();
      for (const id of ids) {
        const document = documents.get(id);
        if (document) found.set(id, document);
      }
      return found;
    },
    putMany: async (documents) => {
      if (documents.length === 0) return;
      const cache = loaded();
      db.exec("BEGIN");
      try {
        for (const document of documents) upsert.run(name, document._id, JSON.stringify(document));
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      for (const document of documents) cache.set(document._id, document);
    },
    all: async () => [...loaded().values()],
    count: async () => loaded().size,
    clear: async () => {
      removeAll.run(name);
      mirror = new Map();
    },
  };
};
