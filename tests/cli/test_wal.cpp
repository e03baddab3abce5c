// The SQLite write-ahead log stays bounded whatever the history of one-shot
// commands: a big import, hundreds of single adds, several writers at once.
// (A log that is never reset makes every later process re-read it whole.)
#include <doctest/doctest.h>

#include <thread>

#include <fmt/format.h>

#include "harness.hpp"

using namespace cli;

namespace {

constexpr std::uintmax_t kMaxWal = 4u << 20;  // "a few MiB"

std::uintmax_t wal_size(const Env& env) {
    std::error_code ec;
    const auto size = fs::file_size(env.db_path().string() + "-wal", ec);
    return ec ? 0 : size;  // no log at all is the smallest log
}

std::string import_lines(int count, int offset) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += json{{"category", fmt::format("c{}", (i + offset) % 50)},
                    {"text", fmt::format("imported note {} with a few more words to fill it {}",
                                         i + offset, std::string(60, 'x'))},
                    {"created_at", "2024-01-01T00:00:00Z"},
                    {"updated_at", "2024-01-01T00:00:00Z"}}
                   .dump() +
               "\n";
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("wal");

TEST_CASE_FIXTURE(Env, "the -wal file stays a few MiB after an import and 500 one-shot adds") {
    if (backend() != Backend::sqlite) return skip("the write-ahead log is SQLite's");
    const auto file = write_file("in.jsonl", import_lines(20'000, 0));
    REQUIRE_OK(run({"import", file.string()}));
    CHECK_MESSAGE(wal_size(*this) <= kMaxWal, "after import: " << wal_size(*this));

    std::uintmax_t largest = 0;
    for (int i = 0; i < 500; ++i) {
        REQUIRE_OK(run({"-q", "add", fmt::format("one-shot note {}", i), "-c", "adds"}));
        largest = std::max(largest, wal_size(*this));
    }
    CHECK_MESSAGE(largest <= kMaxWal, "largest -wal seen between adds: " << largest);
    CHECK(categories().size() == 51);
    CHECK(sql("SELECT count(*) FROM notes;").out == "20500\n");
    CHECK(sql("PRAGMA integrity_check;").out == "ok\n");
}

TEST_CASE_FIXTURE(Env, "the -wal file stays bounded with several writers at once") {
    if (backend() != Backend::sqlite) return skip("the write-ahead log is SQLite's");
    const auto file = write_file("in.jsonl", import_lines(5'000, 0));
    REQUIRE_OK(run({"import", file.string()}));
    create("busy");
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    const RunOptions o = options();
    for (int w = 0; w < 4; ++w)
        threads.emplace_back([&, w] {
            for (int i = 0; i < 60; ++i) {
                Result r = run_process(
                    argv({"-q", "add", fmt::format("writer {} note {}", w, i), "-c", "busy"}), o);
                if (r.code != 0) ++failures[w];
            }
        });
    // A reader keeps a snapshot open now and then, which is what lets a log grow.
    for (int i = 0; i < 40; ++i)
        CHECK_OK(run({"list", "busy"}));
    for (auto& t : threads)
        t.join();
    for (int w = 0; w < 4; ++w)
        CHECK_MESSAGE(failures[w] == 0, "writer " << w);
    CHECK_MESSAGE(wal_size(*this) <= kMaxWal, "after the writers: " << wal_size(*this));
    CHECK(sql("SELECT count(*) FROM notes WHERE category_id = (SELECT id FROM categories WHERE "
              "name = 'busy');")
              .out == "240\n");
}

TEST_SUITE_END();
