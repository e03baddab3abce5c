// Concurrency and safety: parallel writers, lock waits, SIGKILL mid-import.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "harness.hpp"

using namespace cli;
using namespace std::chrono_literals;

TEST_SUITE_BEGIN("concurrency");

TEST_CASE_FIXTURE(Env, "8 processes adding 50 notes each at once all succeed") {
    REQUIRE_OK(run({"init"}));
    constexpr int kWorkers = 8, kEach = 50;
    std::vector<std::vector<Result>> failures(kWorkers);
    std::vector<std::thread> threads;
    RunOptions o = options();
    for (int w = 0; w < kWorkers; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < kEach; ++i) {
                // One category for everyone: its creation races too.
                Result r = run_process(
                    argv({"add", "-c", "shared", fmt::format("worker {} note {}", w, i)}), o);
                if (r.code != 0 || r.timed_out) failures[w].push_back(std::move(r));
            }
        });
    }
    for (auto& t : threads)
        t.join();
    size_t failed = 0;
    for (const auto& f : failures) {
        failed += f.size();
        for (size_t i = 0; i < std::min<size_t>(f.size(), 3); ++i)
            FAIL_CHECK(f[i].describe());
    }
    CHECK(failed == 0);

    json cats = categories();
    REQUIRE(cats.size() == 1);
    CHECK(cats[0]["name"] == "shared");
    CHECK(cats[0]["notes"] == kWorkers * kEach);
    std::set<std::string> want;
    for (int w = 0; w < kWorkers; ++w)
        for (int i = 0; i < kEach; ++i)
            want.insert(fmt::format("worker {} note {}", w, i));
    auto got_v = texts(notes_of("shared"));
    std::set<std::string> got(got_v.begin(), got_v.end());
    CHECK(got_v.size() == want.size());
    CHECK(got == want);
}

namespace {

// Another program holding the SQLite write lock until told to let go.
struct LockHolder {
    Process proc;
    explicit LockHolder(const Env& env)
        // .timeout: the probe in write_locked() may hold the lock for an
        // instant just when BEGIN EXCLUSIVE runs.
        : proc({"sqlite3", "-batch", "-cmd", ".timeout 20000", env.db_path().string()}, [&] {
              RunOptions o;
              o.close_stdin = false;
              o.timeout = 120s;
              return o;
          }()) {
        proc.write_stdin("BEGIN EXCLUSIVE;\n");
    }
    void release() {
        proc.write_stdin("ROLLBACK;\n");
        proc.close_stdin();
    }
};

// Is the write lock taken? (another sqlite3 that does not wait)
bool write_locked(const Env& env) {
    RunOptions o;
    o.stdin_data = "BEGIN IMMEDIATE;\nROLLBACK;\n";
    Result r = run_process(
        {"sqlite3", "-bail", "-batch", "-cmd", ".timeout 0", env.db_path().string()}, o);
    return r.code != 0 && r.err.find("locked") != std::string::npos;
}

bool wait_until_locked(const Env& env) {
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (write_locked(env)) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

}  // namespace

TEST_CASE_FIXTURE(Env, "a writer waits for a lock held by another program") {
    if (!file_database()) return skip("SQLite-only (lock held through the sqlite3 shell)");
    add("tech", "before");
    LockHolder holder(*this);
    REQUIRE_MESSAGE(wait_until_locked(*this), "sqlite3 did not take the lock");
    RunOptions o = options();
    Process p(argv({"--json", "add", "-c", "tech", "waited"}), o);
    std::this_thread::sleep_for(1500ms);
    CHECK_MESSAGE(!p.exited(), "notes add gave up within 1.5 s instead of waiting");
    holder.release();
    Result r = p.wait();
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.seconds >= 1.4);
    CHECK(r.json()["text"] == "waited");
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"waited", "before"});
}

TEST_CASE_FIXTURE(Env, "a lock held past the busy timeout is exit 4 after at least 5 s") {
    if (!file_database()) return skip("SQLite-only (lock held through the sqlite3 shell)");
    add("tech", "before");
    LockHolder holder(*this);
    REQUIRE_MESSAGE(wait_until_locked(*this), "sqlite3 did not take the lock");
    Result r = run({"--json", "add", "-c", "tech", "gave up"});
    check_json_error(r, 4);
    CHECK_MESSAGE(r.seconds >= 4.8, r);
    CHECK_MESSAGE(r.seconds < 30, r);
    holder.release();
    Result done = holder.proc.wait();
    CHECK(done.code == 0);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"before"});
}

TEST_CASE_FIXTURE(Env, "SIGKILL during import leaves the database consistent without its notes") {
    add("keep", "committed earlier");
    add("keep", "also committed");
    std::string before = snapshot();

    constexpr int kLines = 150'000;
    std::string big;
    big.reserve(kLines * 160);
    for (int i = 0; i < kLines; ++i) {
        json o{{"id", i + 1},
               {"category", i % 2 ? "bulk" : "bulk2"},
               {"text", fmt::format("bulk note {} with some padding to make the line longer {}", i,
                                    std::string(40, 'p'))},
               {"created_at", "2020-01-01T00:00:00Z"},
               {"updated_at", "2020-01-01T00:00:00Z"}};
        big += o.dump();
        big += '\n';
    }
    fs::path file = write_file("big.jsonl", big);
    big.clear();

    int killed = 0;
    for (auto delay : {50ms, 150ms, 300ms, 600ms}) {
        CAPTURE(delay.count());
        RunOptions o = options();
        Process p(argv({"import", file.string()}), o);
        std::this_thread::sleep_for(delay);
        if (p.exited()) {
            Result r = p.wait();
            CHECK_MESSAGE(r.code == 0, r);
            MESSAGE("import finished within " << delay.count() << " ms; not killed");
            REQUIRE_OK(run({"drop", "--force", "bulk", "bulk2"}));
        } else {
            p.kill(SIGKILL);
            Result r = p.wait();
            CHECK_MESSAGE(r.signaled, r);
            ++killed;
            settle_server();
        }
        CHECK(snapshot() == before);
        if (backend() == Backend::sqlite) {
            Result ic = sql("PRAGMA integrity_check;");
            CHECK(ic.out == "ok\n");
        }
    }
    WARN_MESSAGE(killed > 0, "every import finished before the kill: make the file bigger");
    // Still writable afterwards: no stale lock.
    json n = add("keep", "after the kill");
    CHECK(n["text"] == "after the kill");
    CHECK(texts(notes_of("keep")) ==
          std::vector<std::string>{"after the kill", "also committed", "committed earlier"});
    check_json_error(run({"--json", "list", "bulk"}), 1);
}

TEST_SUITE_END();
