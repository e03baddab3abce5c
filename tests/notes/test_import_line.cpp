// One line of `notes import` input (notes/import_line.hpp): what is kept, what
// is refused, and that every refusal names its line.
#include <doctest/doctest.h>

#include <string>

#include "notes/errors.hpp"
#include "notes/import_line.hpp"

using notes::parse_import_line;

namespace {

// The message of the notes::Invalid that parsing `text` as line 7 throws.
std::string refusal(std::string_view text) {
    try {
        parse_import_line(text, 7);
    } catch (const notes::Invalid& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL_CHECK("expected notes::Invalid, got: " << e.what());
        return {};
    }
    FAIL_CHECK("expected notes::Invalid for " << text);
    return {};
}

std::string with_created(const std::string& time) {
    return R"({"category":"c","text":"t","created_at":")" + time + R"("})";
}

}  // namespace

TEST_SUITE_BEGIN("import-line");

TEST_CASE("a note object as export writes it") {
    auto r = parse_import_line(
        R"({"id":9,"category":"tech","text":"a\nb","created_at":"2021-03-04T05:06:07Z",)"
        R"("updated_at":"2022-03-04T05:06:07Z"})",
        3);
    REQUIRE(r);
    CHECK(r->line == 3);
    CHECK(r->category == "tech");
    CHECK(r->text == "a\nb");
    REQUIRE(r->created_at);
    CHECK(r->created_at->rfc3339() == "2021-03-04T05:06:07Z");
    CHECK(r->updated_at->rfc3339() == "2022-03-04T05:06:07Z");
}

TEST_CASE("blank lines are skipped, times may be absent or null") {
    CHECK_FALSE(parse_import_line("", 1));
    CHECK_FALSE(parse_import_line(" \t\r", 1));
    auto r = parse_import_line(R"({"category":"c","text":"t","created_at":null})", 1);
    REQUIRE(r);
    CHECK_FALSE(r->created_at);
    CHECK_FALSE(r->updated_at);
}

TEST_CASE("offsets are converted to UTC") {
    auto r = parse_import_line(with_created("2021-03-04T05:06:07+02:30"), 1);
    REQUIRE(r);
    CHECK(r->created_at->rfc3339() == "2021-03-04T02:36:07Z");
    r = parse_import_line(with_created("0001-01-01T00:00:00-01:00"), 1);
    CHECK(r->created_at->rfc3339() == "0001-01-01T01:00:00Z");
}

TEST_CASE("the epoch is a time like any other, not 'unset'") {
    auto r = parse_import_line(with_created("1970-01-01T00:00:00Z"), 1);
    REQUIRE(r);
    REQUIRE(r->created_at);
    CHECK(r->created_at->is_set());
    CHECK(r->created_at->sql() == "1970-01-01 00:00:00");
}

TEST_CASE("years outside 0001-9999 in UTC are refused, naming the line") {
    CHECK(parse_import_line(with_created("9999-12-31T23:59:59Z"), 1));
    CHECK(parse_import_line(with_created("0001-01-01T00:00:00Z"), 1));
    for (const char* bad :
         {"9999-12-31T23:59:59-01:00", "0001-01-01T00:59:59+01:00", "0000-06-01T00:00:00Z"}) {
        const auto m = refusal(with_created(bad));
        CHECK_MESSAGE(m.rfind("line 7: ", 0) == 0, m);
        CHECK_MESSAGE(m.find("out of range") != std::string::npos, m);
        CHECK_MESSAGE(m.find(bad) != std::string::npos, m);
    }
}

TEST_CASE("malformed lines name the line and the rule") {
    CHECK(refusal("{").rfind("line 7: not valid JSON", 0) == 0);
    CHECK(refusal("[1]") == "line 7: not a JSON object");
    CHECK(refusal(R"({"category":"c"})") == "line 7: \"text\" is missing");
    CHECK(refusal(R"({"category":"c","text":5})") == "line 7: \"text\" is not a string");
    CHECK(refusal(R"({"category":" c","text":"t"})").rfind("line 7: ", 0) == 0);
    CHECK(refusal(R"({"category":"c","text":"  "})").rfind("line 7: ", 0) == 0);
    CHECK(refusal(with_created("yesterday")).find("not an RFC 3339 time") != std::string::npos);
    CHECK(refusal(with_created("2021-03-04T05:06:07")).find("RFC 3339") != std::string::npos);
    CHECK(refusal(R"({"category":"c","text":"t","n":1e400})").rfind("line 7: ", 0) == 0);
    CHECK(refusal("{\"category\":\"c\",\"text\":\"\xff\"}").rfind("line 7: ", 0) == 0);
}

TEST_CASE("a line over 8 MiB is refused without parsing it") {
    std::string line(notes::max_import_line + 1, ' ');
    line[0] = '{';
    const auto m = refusal(line);
    CHECK_MESSAGE(m.rfind("line 7: longer than 8 MiB", 0) == 0, m);
}
