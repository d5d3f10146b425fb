// Applies each activation to 4 Mi floats through the span API, out of place and in place, and
// reports the throughput. The checksum gives the optimiser a reason to keep the work and gives the
// reader a number to compare between builds; the program fails if the two paths disagree.

#include <activ/activ.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <random>
#include <span>
#include <vector>

namespace {

// 16 MiB per vector, 32 MiB touched per call: more than most last-level caches hold, so the
// figures include the memory traffic a real layer of this size would pay.
constexpr std::size_t size = std::size_t{4} << 20;

template <class F>
double seconds(F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_rate(double elapsed) {
  // Each element is read once and written once.
  const double elements = static_cast<double>(size) / elapsed;
  std::printf("  %7.1f M/s %5.2f GB/s", elements * 1e-6, elements * 2 * sizeof(float) * 1e-9);
}

template <class Activation>
bool run(const Activation& f, std::span<const float> input, std::vector<float>& output,
         std::vector<float>& in_place) {
  std::printf("%-10.*s", static_cast<int>(f.name.size()), f.name.data());
  print_rate(seconds([&] { f.forward(input, output); }));

  std::ranges::copy(input, in_place.begin());  // not timed: only the activation is measured
  print_rate(seconds([&] { f.forward(in_place, in_place); }));

  // Summed in double: a float sum of 4 Mi terms would lose the low digits it is meant to show.
  double checksum = 0;
  for (const float y : output) checksum += y;
  std::printf("  %16.6f\n", checksum);
  return std::ranges::equal(output, in_place);
}

}  // namespace

int main() {
  // Inputs spread over [-8, 8], where every activation is away from its saturated tails. The raw
  // mt19937 output is scaled by hand because it, unlike uniform_real_distribution, is the same on
  // every standard library, and so is the checksum.
  std::mt19937 rng(42);
  std::vector<float> input(size);
  for (float& x : input) x = static_cast<float>(static_cast<double>(rng()) / 268435456.0 - 8.0);
  std::vector<float> output(size);
  std::vector<float> in_place(size);

  std::printf("%zu floats per call\n", size);
  std::printf("%-10s  %-22s  %-22s  %16s\n", "", "out of place", "in place", "checksum");
  bool agree = true;
  agree &= run(activ::sigmoid<float>{}, input, output, in_place);
  agree &= run(activ::tanh<float>{}, input, output, in_place);
  agree &= run(activ::relu<float>{}, input, output, in_place);
  agree &= run(activ::leaky_relu<float>{}, input, output, in_place);
  agree &= run(activ::elu<float>{}, input, output, in_place);
  if (!agree) {
    std::printf("FAILED: in-place and out-of-place results differ\n");
    return 1;
  }
}
