// notes __complete categories [PREFIX]: the names the shell completions
// offer, through the domain like every command; it creates nothing.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cli;

TEST_SUITE_BEGIN("complete");

TEST_CASE_FIXTURE(Env, "__complete categories: nothing, and nothing created, without a database") {
    if (file_database()) {
        Result r = run({"__complete", "categories"});
        CHECK_OK(r);
        CHECK(r.out.empty());
        CHECK_FALSE(fs::exists(db_path()));
        // The default database, when it does not exist: not created either.
        Result d = run_nodb({"__complete", "categories"});
        CHECK_OK(d);
        CHECK(d.out.empty());
        CHECK(fs::is_empty(xdg));
    } else {
        drop_all();  // no tables: no names
        Result r = run({"__complete", "categories"});
        CHECK_OK(r);
        CHECK(r.out.empty());
    }
}

TEST_CASE_FIXTURE(Env, "__complete categories PREFIX: the names that start with it, sorted") {
    for (const char* name : {"travel", "tech", "Tea", "two words", "zebra"})
        REQUIRE_OK(run({"-q", "create", name}));
    Result all = run({"__complete", "categories"});
    CHECK_OK(all);
    CHECK(all.out == "Tea\ntech\ntravel\ntwo words\nzebra\n");
    Result t = run({"__complete", "categories", "t"});
    CHECK_OK(t);
    CHECK(t.out == "tech\ntravel\ntwo words\n");
    Result none = run({"__complete", "categories", "x"});
    CHECK_OK(none);
    CHECK(none.out.empty());
}

TEST_SUITE_END();
