import { customerEventBusContract } from "./contract/customerEventBusContract.ts";
import { inProcessCustomerEventBus } from "./inProcessCustomerEventBus.ts";

customerEventBusContract("in-process", async () => {
  const bus = inProcessCustomerEventBus({ maxBatchSize: 7 });
  return { bus, dispose: () => bus.close() };
});
