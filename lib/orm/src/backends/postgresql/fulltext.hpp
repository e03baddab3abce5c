#pragma once
// Full-text search on PostgreSQL, with the same meaning as on SQLite (see
// SqliteDialect::fulltext_match): every term is a word or the start of a
// word, case- and accent-insensitive; a phrase is its words in order; a term
// with no letter or digit is matched literally.
//
// The design: three SQL functions, created once per schema, and one GIN
// expression index per searchable column, so that rows written by any
// program through plain SQL are indexed by the server itself (no trigger,
// no extra column, no extra table):
//   orm_fts1_fold(text)           unaccent, then every run of non-word
//                                 characters becomes one space, then lower
//                                 case (ICU's, when the server has it, so
//                                 that it does not depend on the database's
//                                 locale);
//   orm_fts1_document(text)       to_tsvector('simple', fold(text)): the
//                                 'simple' configuration has no stop words
//                                 and no stemming, so short and common words
//                                 are terms like any other;
//   orm_fts1_query(term, prefix)  the folded words of a term as a phrase
//                                 ('a' <-> 'b'), the last one a prefix ('b':*)
//                                 unless the term was quoted; NULL (matches
//                                 nothing) when the term has no word.
// Folding before the parser matters: PostgreSQL's parser would otherwise
// keep "e-mail", "example.com" or "a@b.org" as single tokens, where SQLite
// sees words. Word characters are ASCII letters and digits and every other
// code point outside the punctuation and symbol blocks listed in
// kPostgresqlSeparators: an explicit list, so that the database's locale
// changes nothing.
//
// unaccent is a trusted extension (PostgreSQL 13+): the database's owner
// creates it without being a superuser; it needs the contrib files (Debian's
// postgresql-15 package has them).
#include <string>
#include <string_view>

namespace orm {

class Connection;

// A regular expression (PostgreSQL's ARE syntax) for one run of non-word characters.
extern const std::string_view kPostgresqlSeparators;

// True when `text` has a word character (orm/text/words.hpp) that the fold
// keeps: a term without one is matched literally, as on the other backends
// (a combining mark alone, private-use characters, superscript digits).
bool postgresql_has_word(std::string_view text);

// Creates the unaccent extension when missing and the functions above in the
// current schema when missing. Throws OperationalError saying what to do when
// the extension is neither there nor creatable.
void ensure_postgresql_fulltext_functions(Connection& connection);

}  // namespace orm
