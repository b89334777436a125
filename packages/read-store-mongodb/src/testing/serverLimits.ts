import type { ReadStoreLimits } from "@crm/read-store/contract";
import { MongoClient } from "mongodb";
import { isFerretDbV1 } from "../serverProfile.ts";

/** The contract's known limits of the server at `url`: none for MongoDB itself. */
export const serverLimits = async (url: string): Promise<ReadStoreLimits> => {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    if (!isFerretDbV1(await client.db("admin").command({ buildInfo: 1 }))) return {};
    return {
      arraysInArrays: 'FerretDB v1 refuses arrays directly inside arrays ("nested arrays are not supported")',
    };
  } finally {
    await client.close();
  }
};
