// The library's tests run cdktf as library users do: loading the library installs nothing into cdktf, and
// jest.config.js gives the library project none of the app's speed-ups (stacks/cdktf-speed/).
import { DefaultTokenResolver, Lazy, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import * as library from "../../constructs";

describe("the library under test (constructs/index.ts)", () => {
  it("runs cdktf's own token resolver", () => {
    expect(Object.keys(library).length).toBeGreaterThan(10);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object, not a copy
    const resolver = require("cdktf/lib/tokens/private/resolve") as { resolve: { name: string } };
    expect(resolver.resolve.name).toBe("resolve");
    const stack = new TerraformStack(Testing.app(), "s");
    const value = { a: [Lazy.stringValue({ produce: () => "x" }), undefined] };
    expect(
      Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }),
    ).toEqual({ a: ["x"] });
  });

  it("keeps cdktf's creation stacks, which its errors quote", () => {
    const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
    expect(token?.creationStack.length).toBeGreaterThan(0);
  });
});
