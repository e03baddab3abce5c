// A progress line for long imports and exports: on stderr when it is a
// terminal (a pseudo-terminal here), never with -q or --json, never when
// stderr is a pipe or a file, and never on stdout.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>

#include "harness.hpp"
#include "tty.hpp"

using namespace cli;

namespace {

std::string lines(int count) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += json{{"category", fmt::format("c{}", i % 7)},
                    {"text", fmt::format("progress note {}", i)}}
                   .dump() +
               "\n";
    return out;
}

Result run_tty(const Env& env, std::vector<std::string> args) {
    return run_with_tty_stderr(env.argv(std::move(args)), env.options());
}

constexpr int kMany = 3000;  // past the count where the line first appears

}  // namespace

TEST_SUITE_BEGIN("progress");

TEST_CASE_FIXTURE(Env, "import and export -o draw a progress line on a terminal, then erase it") {
    const auto file = write_file("in.jsonl", lines(kMany));
    Result imported = run_tty(*this, {"import", file.string()});
    REQUIRE_OK(imported);
    CHECK(imported.out == fmt::format("imported {} notes\n", kMany));
    CHECK_MESSAGE(imported.err.find("\rimporting: 1000 notes") != std::string::npos, imported.err);
    // The last thing on the terminal erases the line.
    CHECK(imported.err.size() >= 4);
    CHECK(imported.err.substr(imported.err.size() - 4) == "\r\033[K");

    const auto out = (dir / "out.jsonl").string();
    Result exported = run_tty(*this, {"export", "-o", out});
    REQUIRE_OK(exported);
    CHECK(exported.out.empty());
    CHECK_MESSAGE(exported.err.find("\rexporting: 1000 notes") != std::string::npos, exported.err);
    CHECK(exported.err.substr(exported.err.size() - 4) == "\r\033[K");
    // The file has every note and nothing of the line.
    const auto written = read_file(out);
    CHECK(std::count(written.begin(), written.end(), '\n') == kMany);
    CHECK(written.find('\r') == std::string::npos);
}

TEST_CASE_FIXTURE(Env, "no progress line with -q, --json, a pipe, or a small import") {
    const auto file = write_file("in.jsonl", lines(kMany));
    for (const auto& flags : std::vector<std::vector<std::string>>{{"-q"}, {"--json"}}) {
        auto args = flags;
        args.insert(args.end(), {"import", file.string()});
        Result r = run_tty(*this, args);
        REQUIRE_OK(r);
        CHECK_MESSAGE(r.err.find("importing") == std::string::npos, r.err);
        auto eargs = flags;
        eargs.insert(eargs.end(), {"export", "-o", (dir / "q.jsonl").string()});
        Result e = run_tty(*this, eargs);
        REQUIRE_OK(e);
        CHECK_MESSAGE(e.err.find("exporting") == std::string::npos, e.err);
    }
    // stderr a pipe (the harness's default).
    Result piped = run({"import", file.string()});
    REQUIRE_OK(piped);
    CHECK(piped.err.find("importing") == std::string::npos);
    Result piped_export = run({"export", "-o", (dir / "p.jsonl").string()});
    REQUIRE_OK(piped_export);
    CHECK(piped_export.err.find("exporting") == std::string::npos);
    // A handful of notes is over before a line would help.
    const auto small = write_file("small.jsonl", lines(10));
    Result few = run_tty(*this, {"import", small.string()});
    REQUIRE_OK(few);
    CHECK(few.err.find("importing") == std::string::npos);
    // export to stdout never draws one (stdout may be the same terminal).
    Result to_stdout = run_tty(*this, {"export"});
    REQUIRE_OK(to_stdout);
    CHECK(to_stdout.err.find("exporting") == std::string::npos);
}
