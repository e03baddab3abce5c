#pragma once
// The third side of three of bench_orm's pairs: the same work written with
// SOCI 4.0.3 (Debian's libsoci-dev) as an expert SOCI user would, so that
// scripts/bench.sh can say whether the ORM is at least as fast as SOCI.
// Built only when CMake finds SOCI (NOTES_BENCH_SOCI).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace soci_pairs {

// insert_plain/soci: `rows` rows of note_text(i) into plain_notes of a
// database made by fresh_db() (not timed, nor is remove_db()).
void insert_plain(benchmark::State& state, int rows, std::string (*note_text)(int),
                  const std::function<std::string()>& fresh_db,
                  const std::function<void(const std::string&)>& remove_db);

// find_by_name/soci: one lookup per name in categories of db, one transaction.
void find_by_name(benchmark::State& state, const std::string& db,
                  const std::vector<std::string>& names);

// iterate/soci: the category, then every note of it newest first.
void iterate(benchmark::State& state, const std::string& db, std::int64_t category);

}  // namespace soci_pairs
