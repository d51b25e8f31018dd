import { Fn, Op, Token } from "cdktf";
import {
  CONNECTIONS_PER_GIB,
  HEADROOM_CONNECTIONS,
  MAX_CONNECTIONS_PER_POD,
  MIN_CONNECTIONS_PER_POD,
  RESERVED_CONNECTIONS,
} from "./connection-budget";

/** {@link connectionBudget} for a size known only at plan time (e.g. an existing cluster's, read by a data source). */
export interface PlanTimeConnectionBudget {
  /** `database.maxOpenConns`, a Terraform expression. */
  readonly maxOpenConns: string;
  /** `database.maxIdleConns`, a Terraform expression. */
  readonly maxIdleConns: string;
  /** The "at least {@link MIN_CONNECTIONS_PER_POD} per pod" rule as a precondition, failing with the numbers. */
  readonly precondition: { readonly condition: unknown; readonly errorMessage: string };
}

/**
 * The same split as {@link connectionBudget}, as Terraform expressions of `size` (a token such as a data source's
 * `size`): the RAM is the `<n>gb` suffix of the slug. `pods` counts every Harbor pod sharing the server, surge pods
 * included. A slug without that suffix yields 0 GiB, and the precondition fails naming it.
 */
export function planTimeConnectionBudget(size: string, pods: number): PlanTimeConnectionBudget {
  const gib = Fn.try([Fn.tonumber(Fn.element(Fn.regex("-([0-9]+)gb$", size), 0)), 0]);
  const limit = Op.sub(Op.mul(CONNECTIONS_PER_GIB, gib), RESERVED_CONNECTIONS);
  const available = Op.sub(limit, HEADROOM_CONNECTIONS);
  const fair = Fn.floor(Op.div(available, Math.max(pods, 1)));
  const perPod = Fn.min([MAX_CONNECTIONS_PER_POD, fair]);
  return {
    maxOpenConns: Token.asString(perPod),
    maxIdleConns: Token.asString(Fn.max([2, Fn.ceil(Op.div(perPod, 2))])),
    precondition: {
      condition: Op.gte(fair, MIN_CONNECTIONS_PER_POD),
      errorMessage:
        `PostgreSQL size ${size} accepts ${Token.asString(limit)} connections (${CONNECTIONS_PER_GIB} per GiB, ` +
        `${RESERVED_CONNECTIONS} reserved), ${Token.asString(available)} after headroom; ${pods} Harbor pods sharing ` +
        `it (every instance of the config on this cluster, plus one surge pod per Deployment during rollouts) need ` +
        `at least ${MIN_CONNECTIONS_PER_POD} each (${pods * MIN_CONNECTIONS_PER_POD}). Resize the cluster, put fewer ` +
        `instances on it or run fewer harbor replicas.`,
    },
  };
}
