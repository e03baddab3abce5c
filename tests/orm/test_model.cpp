// Declarative models (orm/model.hpp): every member type round-trips, NULL via
// std::optional, and the declared constraints reach the schema.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;
using test::Note;
using test::Sample;

namespace {

orm::Timestamp ts(const char* text) {
    auto t = orm::Timestamp::parse(text);
    REQUIRE(t.has_value());
    return *t;
}

Sample full_sample() {
    return Sample{
        .big = std::numeric_limits<std::int64_t>::max(),
        .small = -123456,
        .flag = true,
        .ratio = -1234.25,
        .body = "l\xC3\xA0 'quoted' \"double\" \\ back\nnew line \xF0\x9F\x98\x80",
        .code = "C\xC3\xA9-16",
        .at = ts("2024-02-29 23:59:58"),
        .opt_big = std::numeric_limits<std::int64_t>::min(),
        .opt_small = 0,
        .opt_flag = false,
        .opt_ratio = 0.5,
        .opt_body = "",
        .opt_code = "x",
        .opt_at = ts("1999-12-31 00:00:01"),
    };
}

void check_same(const Sample& a, const Sample& b) {
    CHECK(a.big == b.big);
    CHECK(a.small == b.small);
    CHECK(a.flag == b.flag);
    CHECK(a.ratio == b.ratio);
    CHECK(a.body == b.body);
    CHECK(a.code == b.code);
    CHECK(a.at == b.at);
    CHECK(a.opt_big == b.opt_big);
    CHECK(a.opt_small == b.opt_small);
    CHECK(a.opt_flag == b.opt_flag);
    CHECK(a.opt_ratio == b.opt_ratio);
    CHECK(a.opt_body == b.opt_body);
    CHECK(a.opt_code == b.opt_code);
    CHECK(a.opt_at == b.opt_at);
}

}  // namespace

TEST_CASE("model: the declaration describes the table") {
    const auto& t = Sample::table();
    CHECK(t.name() == "ormt_samples");
    CHECK(t.columns().size() == 15);
    CHECK(t.primary_key().name == "id");
    CHECK(t.primary_key().primary_key);
    CHECK(t.find("big")->type == orm::ColumnType::Integer);
    CHECK(t.find("small")->type == orm::ColumnType::Integer);
    CHECK(t.find("flag")->type == orm::ColumnType::Boolean);
    CHECK(t.find("ratio")->type == orm::ColumnType::Double);
    CHECK(t.find("body")->type == orm::ColumnType::Text);
    CHECK(t.find("code")->type == orm::ColumnType::Varchar);
    CHECK(t.find("code")->length == 16);
    CHECK(t.find("at")->type == orm::ColumnType::Timestamp);
    // Plain members are NOT NULL, optional ones are not.
    CHECK(t.find("big")->not_null);
    CHECK(t.find("at")->not_null);
    CHECK_FALSE(t.find("opt_big")->not_null);
    CHECK_FALSE(t.find("opt_at")->not_null);
    CHECK(t.find("opt_code")->type == orm::ColumnType::Varchar);
    CHECK(t.find("nope") == nullptr);
    CHECK(t.index_of(&Sample::ratio) == 4);

    const auto& n = Note::table();
    CHECK(n.find("category_id")->foreign_key->table == "ormt_categories");
    CHECK(n.find("category_id")->foreign_key->on_delete == orm::OnDelete::Cascade);
    CHECK(n.find("category_id")->indexed);
    CHECK(n.find("text")->fulltext);
    CHECK(n.dependencies() == std::vector<std::string>{"ormt_categories"});
    CHECK(Category::table().find("name")->unique);
    CHECK(Category::table().find("created_at")->default_now);
    REQUIRE(n.indexes().size() == 1);
    CHECK(n.indexes()[0].columns == std::vector<std::string>{"category_id", "created_at DESC"});
}

TEST_CASE("model: every member type round-trips, NULL through std::optional") {
    test::Db db;
    auto written = db.session.add(full_sample());
    auto empty = db.session.add(Sample{.code = "", .at = ts("2000-01-01 00:00:00")});
    db.session.commit();
    REQUIRE(written->id > 0);

    orm::Session fresh(*db.engine);
    auto read = fresh.get<Sample>(written->id);
    REQUIRE(read);
    CHECK(read.get() != written.get());
    check_same(*read, full_sample());

    auto nulls = fresh.get<Sample>(empty->id);
    REQUIRE(nulls);
    CHECK_FALSE(nulls->opt_big.has_value());
    CHECK_FALSE(nulls->opt_small.has_value());
    CHECK_FALSE(nulls->opt_flag.has_value());
    CHECK_FALSE(nulls->opt_ratio.has_value());
    CHECK_FALSE(nulls->opt_body.has_value());
    CHECK_FALSE(nulls->opt_code.has_value());
    CHECK_FALSE(nulls->opt_at.has_value());
    CHECK(nulls->big == 0);
    CHECK(nulls->flag == false);
    CHECK(nulls->body.empty());

    SUBCASE("through stream() too") {
        int n = 0;
        for (const Sample& s :
             fresh.query<Sample>().filter(c(&Sample::id) == written->id).stream()) {
            check_same(s, full_sample());
            ++n;
        }
        CHECK(n == 1);
    }
    SUBCASE("values set back to NULL and from NULL") {
        read->opt_big.reset();
        read->opt_at.reset();
        nulls->opt_body = "now set";
        nulls->opt_flag = true;
        fresh.commit();
        orm::Session third(*db.engine);
        CHECK_FALSE(third.get<Sample>(written->id)->opt_big.has_value());
        CHECK_FALSE(third.get<Sample>(written->id)->opt_at.has_value());
        CHECK(third.get<Sample>(empty->id)->opt_body == std::optional<std::string>("now set"));
        CHECK(third.get<Sample>(empty->id)->opt_flag == std::optional<bool>(true));
    }
    SUBCASE("each type is usable in a filter") {
        auto q = [&] { return fresh.query<Sample>(); };
        CHECK(q().filter(c(&Sample::big) == std::numeric_limits<std::int64_t>::max()).count() == 1);
        CHECK(q().filter(c(&Sample::small) < 0).count() == 1);
        CHECK(q().filter(c(&Sample::flag) == true).count() == 1);
        CHECK(q().filter(c(&Sample::ratio) < -1000.0).count() == 1);
        CHECK(q().filter(c(&Sample::code) == std::string("C\xC3\xA9-16")).count() == 1);
        CHECK(q().filter(c(&Sample::at) > ts("2024-01-01 00:00:00")).count() == 1);
        CHECK(q().filter(c(&Sample::at) == ts("2024-02-29 23:59:58")).count() == 1);
        CHECK(q().filter(c(&Sample::opt_flag) == std::optional<bool>(false)).count() == 1);
        CHECK(q().filter(c(&Sample::opt_at) == std::optional<orm::Timestamp>()).count() == 1);
        CHECK(q().filter(c(&Sample::opt_at) != std::optional<orm::Timestamp>()).count() == 1);
        CHECK(q().filter(c(&Sample::opt_ratio).is_not_null()).count() == 1);
    }
}

TEST_CASE("model: timestamps at the edges round-trip, the epoch included") {
    test::Db db;
    for (const char* text : {"1970-01-01 00:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59"}) {
        CAPTURE(text);
        const auto t = ts(text);
        CHECK(t.is_set());
        CHECK(t.representable());
        auto written = db.session.add(Sample{.code = "", .at = t, .opt_at = t});
        db.session.commit();
        orm::Session fresh(*db.engine);
        auto read = fresh.get<Sample>(written->id);
        REQUIRE(read);
        CHECK(read->at.sql() == text);
        CHECK(read->opt_at == std::optional<orm::Timestamp>(t));
    }
    CHECK_FALSE(orm::Timestamp{}.is_set());
    CHECK_FALSE(ts("9999-12-31T23:59:59-01:00").representable());
    CHECK(ts("9999-12-31T23:59:59-01:00").year_utc() == 10000);
    CHECK_FALSE(ts("0001-01-01T00:00:00+00:01").representable());
}

TEST_CASE("model: doubles keep their precision") {
    test::Db db;
    const double values[] = {0.1, 1e300, -2.5e-300, 3.141592653589793, 1.0 / 3.0};
    std::vector<std::int64_t> ids;
    for (double v : values) {
        auto s = db.session.add(Sample{.ratio = v, .at = orm::Timestamp::now()});
        db.session.flush();
        ids.push_back(s->id);
    }
    db.session.commit();
    orm::Session fresh(*db.engine);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CAPTURE(values[i]);
        CHECK(fresh.get<Sample>(ids[i])->ratio == values[i]);
    }
}

TEST_CASE("model: primary key, not null and unique reach the schema") {
    test::Db db;
    auto& conn = db.conn();
    const auto& d = db.dialect();
    SUBCASE("primary key: a second row with the same id is refused") {
        Category seven{.id = 7, .name = "a"};
        db.session.insert(seven);
        db.session.commit();
        conn.execute(
            "INSERT INTO " + d.quote("ormt_categories") + " (" + d.quote("name") + ") VALUES (?)",
            {std::string("b")});
        CHECK_THROWS_AS(conn.execute("INSERT INTO " + d.quote("ormt_categories") + " (" +
                                         d.quote("id") + ", " + d.quote("name") + ") VALUES (?, ?)",
                                     {std::int64_t{7}, std::string("c")}),
                        orm::IntegrityError);
    }
    SUBCASE("not null: plain SQL cannot write NULL into a plain member's column") {
        CHECK_THROWS_AS(conn.execute("INSERT INTO " + d.quote("ormt_categories") + " (" +
                                         d.quote("name") + ") VALUES (?)",
                                     {orm::Value{}}),
                        orm::IntegrityError);
    }
    SUBCASE("unique") {
        conn.execute(
            "INSERT INTO " + d.quote("ormt_categories") + " (" + d.quote("name") + ") VALUES (?)",
            {std::string("same")});
        CHECK_THROWS_AS(conn.execute("INSERT INTO " + d.quote("ormt_categories") + " (" +
                                         d.quote("name") + ") VALUES (?)",
                                     {std::string("same")}),
                        orm::IntegrityError);
    }
    SUBCASE("a unique composite index") {
        db.session.add(test::Strict{.label = "l", .code = "c1"});
        db.session.add(test::Strict{.label = "l", .code = "c2"});
        db.session.commit();
        db.session.add(test::Strict{.label = "l", .code = "c1"});
        CHECK_THROWS_AS(db.session.commit(), orm::IntegrityError);
    }
}

TEST_CASE("model: column defaults apply to rows inserted with plain SQL") {
    test::Db db;
    auto& conn = db.conn();
    const auto& d = db.dialect();
    auto cat = db.session.add(Category{.name = "defaults"});
    db.session.commit();

    const auto before = orm::Timestamp::now();
    conn.execute("INSERT INTO " + d.quote("ormt_notes") + " (" + d.quote("text") + ", " +
                     d.quote("category_id") + ") VALUES (?, ?)",
                 {std::string("written by another program"), cat->id});
    const auto id = conn.last_insert_id();

    orm::Session fresh(*db.engine);
    auto note = fresh.get<Note>(id);
    REQUIRE(note);
    CHECK(note->text == "written by another program");
    CHECK(note->priority == 3);            // default_value
    CHECK_FALSE(note->title.has_value());  // no default: NULL
    // default_now: the current time, in UTC like orm::Timestamp.
    REQUIRE(note->created_at.is_set());
    CHECK(note->created_at.time >= before.time - std::chrono::minutes(5));
    CHECK(note->created_at.time <= before.time + std::chrono::minutes(5));
    CHECK(note->updated_at.is_set());

    SUBCASE("the ORM fills default_now itself and sends non-NULL values as they are") {
        auto mine = fresh.add(Note{.text = "mine", .category_id = cat->id, .priority = 0});
        fresh.commit();
        CHECK(mine->created_at.is_set());
        CHECK(mine->created_at.time >= before.time - std::chrono::minutes(5));
        orm::Session again(*db.engine);
        CHECK(again.get<Note>(mine->id)->priority == 0);
        CHECK(again.get<Note>(mine->id)->created_at == mine->created_at);
    }
}

TEST_CASE("model: update_now refreshes the column when the row changes") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "c"});
    db.session.flush();
    const auto old = ts("2001-01-01 00:00:00");
    auto note = db.session.add(
        Note{.text = "t", .category_id = cat->id, .created_at = old, .updated_at = old});
    db.session.commit();
    CHECK(note->updated_at == old);
    note->text = "changed";
    db.session.commit();
    CHECK(note->updated_at > old);
    CHECK(note->created_at == old);
    orm::Session fresh(*db.engine);
    CHECK(fresh.get<Note>(note->id)->updated_at == note->updated_at);
}

TEST_CASE("model: a foreign key with ON DELETE CASCADE") {
    test::Db db;
    auto keep = db.session.add(Category{.name = "keep"});
    auto drop = db.session.add(Category{.name = "drop"});
    db.session.flush();
    for (int i = 0; i < 3; ++i) {
        db.session.add(Note{.text = "k" + std::to_string(i), .category_id = keep->id});
        db.session.add(Note{.text = "d" + std::to_string(i), .category_id = drop->id});
    }
    db.session.commit();
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 6);

    db.session.remove(drop);
    db.session.commit();
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 3);
    orm::Session fresh(*db.engine);
    CHECK(fresh.query<Note>().filter(c(&Note::category_id) == drop->id).count() == 0);
    CHECK(fresh.query<Note>().filter(c(&Note::category_id) == keep->id).count() == 3);
}

TEST_CASE("model: indexes are created") {
    test::Db db;
    const auto names = test::index_names(db.conn(), "ormt_notes");
    CAPTURE(names.size());
    auto has = [&](const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    CHECK(has("ix_ormt_notes_category_id"));  // orm::indexed
    CHECK(has("ix_ormt_notes_cat_created"));  // Table::index()
    const auto strict = test::index_names(db.conn(), "ormt_strict");
    CHECK(std::find(strict.begin(), strict.end(), "ux_ormt_strict_label_code") != strict.end());
    const auto odd = test::index_names(db.conn(), "ormt_o\"dd`table");
    CHECK(std::find(odd.begin(), odd.end(), "ix_ormt_o\"dd`table_ti`ck") != odd.end());
}

TEST_CASE("model: a member that is not a declared column is a logic_error") {
    struct Partial {
        std::int64_t id = 0;
        std::string declared;
        std::string undeclared;
        static const orm::Table<Partial>& table() {
            static const orm::Table<Partial> t = orm::Table<Partial>("ormt_partial")
                                                     .column("id", &Partial::id, orm::primary_key)
                                                     .column("declared", &Partial::declared);
            return t;
        }
    };
    CHECK(Partial::table().index_of(&Partial::declared) == 1);
    CHECK_THROWS_AS(Partial::table().index_of(&Partial::undeclared), std::logic_error);
    CHECK_THROWS_AS(orm::c(&Partial::undeclared), std::logic_error);
}

TEST_CASE("model: a time written for SQL in place reads as sql() does") {
    using namespace std::chrono;
    char text[orm::Timestamp::kSqlLength];
    const auto as_text = [&] { return std::string(text, sizeof text); };
    for (const char* when : {"2026-11-30 08:15:42", "1970-01-01 00:00:00", "0001-01-01 00:00:00",
                             "9999-12-31 23:59:59", "2026-11-30 08:15:42"}) {
        CAPTURE(when);
        const auto t = ts(when);
        REQUIRE(t.write_sql(text));
        CHECK(as_text() == when);
        CHECK(as_text() == t.sql());
        REQUIRE(t.write_sql(text));  // the same second again
        CHECK(as_text() == when);
    }
    // Years that do not fit four digits are refused; the next time is still right.
    CHECK_FALSE(orm::Timestamp{sys_days{year{10000} / 1 / 1}}.write_sql(text));
    CHECK_FALSE(orm::Timestamp{sys_days{year{-1} / 12 / 31}}.write_sql(text));
    CHECK_FALSE(orm::Timestamp{}.write_sql(text));  // unset: no overflow (UBSan)
    CHECK(orm::Timestamp{}.sql() == "(no time)");
    REQUIRE(ts("2026-11-30 08:15:42").write_sql(text));
    CHECK(as_text() == "2026-11-30 08:15:42");
}
