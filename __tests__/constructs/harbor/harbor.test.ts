import { TerraformStack, Testing } from "cdktf";
import { Harbor, HarborProps } from "../../../constructs/harbor/harbor";
import { HARBOR_TEST_PROPS } from "../../helpers";

const props = HARBOR_TEST_PROPS;
const build = (extra: Partial<HarborProps>) =>
  new Harbor(new TerraformStack(Testing.app(), "s"), "H", { ...props, ...extra });

describe("Harbor validation", () => {
  it("accepts a namespace whose grant namespace fits in 63 characters", () => {
    expect(() => build({ namespace: "a".repeat(54) })).not.toThrow();
  });

  it("rejects a longer namespace, naming the construct, the prop, the grant namespace and the limit", () => {
    expect(() => build({ namespace: "a".repeat(55) })).toThrow(
      /^s\/H: namespace "a{55}" is longer than 54 characters \(its grant namespace "a{55}-db-grant" must fit in 63\)$/,
    );
  });
});
