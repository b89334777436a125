import { type DismissDuplicateBody, DomainError } from "@crm/domain";
import type { CommandContext } from "./commandContext.ts";
import { loadCustomer } from "./customerStreamReader.ts";
import type { CommandOutcome } from "./runCustomerCommand.ts";
import type { CustomerUseCaseDeps } from "./useCaseDeps.ts";

/**
 * Contract 9.2: a suspected pair judged to be two customers leaves the review queue. The fact is
 * recorded on the first customer's stream; the candidate must be a customer we know.
 */
export const duplicateDismissal =
  (deps: CustomerUseCaseDeps) =>
  async (body: DismissDuplicateBody, context: CommandContext): Promise<CommandOutcome> => {
    const { customerId, candidateId } = body;
    if (candidateId !== customerId && (await loadCustomer(deps.eventStore, candidateId)).state === null)
      throw new DomainError("not_found", "the candidate is not a known customer", { candidateId });
    return deps.runCommand(
      customerId,
      () => ({
        type: "DismissDuplicate",
        candidateId,
        occurredAt: body.occurredAt ?? deps.clock().toISOString(),
      }),
      context,
    );
  };

export type DuplicateDismissal = ReturnType<typeof duplicateDismissal>;
