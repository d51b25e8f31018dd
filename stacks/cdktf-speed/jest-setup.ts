// The tests of the app synthesize as the app does: jest.config.js runs this before each of their test files (not
// for the library's tests, which run cdktf as library users do). Among what the switch installs, the creation-stack
// hook matters most under jest, which source-maps every frame of every stack cdktf records for a token.
import { speedUpCdktf } from ".";

speedUpCdktf();
