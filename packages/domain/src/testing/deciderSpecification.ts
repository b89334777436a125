import { expect } from "vitest";
import { evolveCustomer, initialCustomerState } from "../customerState.ts";
import { decideCustomer } from "../decide.ts";

// Emmett's given/when/then for deciders, on vitest's deep equality: Emmett's own
// matcher treats `null` fields as mismatches, and our events store absent facts as null.

type Decider<Command, Event, State> = {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
};

export const deciderSpecification =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (givenEvents: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, givenEvents.reduce(decider.evolve, decider.initialState()));
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary of the spec
        then: (expected: Event[]) => expect(run()).toEqual(expected),
        thenNothingHappened: () => expect(run()).toEqual([]),
        thenThrows: (matches: (error: unknown) => boolean) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, "the command should have been rejected").toBeDefined();
          expect(matches(thrown), `rejected with ${String(thrown)}`).toBe(true);
        },
      };
    },
  });

/** The customer's decider under specification: `givenCustomer(events).when(command).then(events)`. */
export const givenCustomer = deciderSpecification({
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
});
