// orm/block_pool.hpp: the small blocks sessions and queries recycle.
#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "orm/block_pool.hpp"

TEST_CASE("block pool: blocks of every size are whole, reused, and may be freed anywhere") {
    SUBCASE("each size, small to beyond what is kept, holds what it was asked for") {
        for (std::size_t bytes : {1, 8, 15, 16, 17, 100, 511, 512, 513, 4096}) {
            auto* p = static_cast<unsigned char*>(orm::block_pool::allocate(bytes));
            std::memset(p, 0xab, bytes);
            CHECK(p[bytes - 1] == 0xab);
            orm::block_pool::deallocate(p, bytes);
        }
    }
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(TEST_ASAN)
    SUBCASE("a freed block is what the next request of its size gets") {
        void* a = orm::block_pool::allocate(88);
        orm::block_pool::deallocate(a, 88);
        void* b = orm::block_pool::allocate(90);  // the same 16-byte step
        CHECK(b == a);
        orm::block_pool::deallocate(b, 90);
    }
#endif
    SUBCASE("a block made on one thread is freed on another, and after that thread ended") {
        std::vector<std::shared_ptr<std::string>> made;
        std::thread maker([&made] {
            for (int i = 0; i < 100; ++i)
                made.push_back(std::allocate_shared<std::string>(orm::PoolAllocator<std::string>(),
                                                                 std::string(40, 'x')));
        });
        maker.join();
        std::thread freer([&made] { made.resize(50); });
        freer.join();
        for (const auto& s : made)
            CHECK(*s == std::string(40, 'x'));
        made.clear();  // on this thread
    }
    SUBCASE("containers with the allocator copy, move and grow") {
        std::vector<int, orm::PoolAllocator<int>> v;
        for (int i = 0; i < 1000; ++i)
            v.push_back(i);
        auto copy = v;
        auto moved = std::move(v);
        CHECK(copy.size() == 1000);
        CHECK(moved.back() == 999);
    }
}
