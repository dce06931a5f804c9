;; log(|x| + ε) over f64 values from $p to $out (the same place or another), four at a time (two vectors, for instruction-level
;; parallelism): the table-driven log of logAbs.ts (logPositive) with the same operations in the
;; same order, so both give the same bits (a test sweeps them). $tab is the byte offset of
;; logTable()'s 128 entries [c, 1/c, head, tail] in env.mem. A group of four with a zero,
;; subnormal, infinite or NaN argument goes to the imported scalar $slow (logPositive, which hands
;; those to Math.log), as do the last count mod 4 values. Per vector: tmp = hx − OFF_HI,
;; k = tmp >> 20, entry (tmp >> 13) & 127, z = x with hx − (k << 20); r = (z − c)·(1/c);
;; w = k·ln2_hi + head (exact); the result hi + ((w − hi + r + (k·ln2_lo + tail)) + r²·p(r)), hi = w + r.
(module
  (import "env" "mem" (memory 1))
  (import "env" "slow" (func $slow (param f64) (result f64)))
  (func (export "logAbs") (param $p i32) (param $count i32) (param $eps f64) (param $tab i32) (param $out i32)
    (local $end i32) (local $d i32) (local $a0 i32) (local $a1 i32) (local $a02 i32) (local $a12 i32)
    (local $x v128) (local $tmp v128) (local $dk v128) (local $r v128) (local $w v128) (local $hi v128)
    (local $x2 v128) (local $tmp2 v128) (local $dk2 v128) (local $r2 v128) (local $w2 v128) (local $hi2 v128)
    (local $ve v128) (local $mask v128)
    (local.set $d (i32.sub (local.get $out) (local.get $p)))
    (local.set $ve (f64x2.splat (local.get $eps)))
    ;; the high 32 bits of each f64 lane (i32 lanes 1 and 3; lanes 0 and 2 are don't-cares)
    (local.set $mask (i64x2.splat (i64.const 0xffffffff00000000)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64x2.add (f64x2.abs (v128.load (local.get $p))) (local.get $ve)))
        (local.set $x2 (f64x2.add (f64x2.abs (v128.load offset=16 (local.get $p))) (local.get $ve)))
        ;; a positive normal finite x has its high word in [0x00100000, 0x7ff00000): one unsigned test
        (if (v128.any_true (v128.and (local.get $mask) (v128.or
              (i32x4.ge_u (i32x4.sub (local.get $x) (i32x4.splat (i32.const 0x00100000))) (i32x4.splat (i32.const 0x7fe00000)))
              (i32x4.ge_u (i32x4.sub (local.get $x2) (i32x4.splat (i32.const 0x00100000))) (i32x4.splat (i32.const 0x7fe00000))))))
          (then
            (v128.store (i32.add (local.get $p) (local.get $d)) (f64x2.replace_lane 1
              (f64x2.splat (call $slow (f64x2.extract_lane 0 (local.get $x))))
              (call $slow (f64x2.extract_lane 1 (local.get $x)))))
            (v128.store offset=16 (i32.add (local.get $p) (local.get $d)) (f64x2.replace_lane 1
              (f64x2.splat (call $slow (f64x2.extract_lane 0 (local.get $x2))))
              (call $slow (f64x2.extract_lane 1 (local.get $x2))))))
          (else
            (local.set $tmp (i32x4.sub (local.get $x) (i32x4.splat (i32.const 0x3fe7f000))))
            (local.set $a0 (i32.add (local.get $tab) (i32.shl
              (i32.and (i32.shr_s (i32x4.extract_lane 1 (local.get $tmp)) (i32.const 13)) (i32.const 127)) (i32.const 5))))
            (local.set $a1 (i32.add (local.get $tab) (i32.shl
              (i32.and (i32.shr_s (i32x4.extract_lane 3 (local.get $tmp)) (i32.const 13)) (i32.const 127)) (i32.const 5))))
            (local.set $dk (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                (i32x4.shr_s (local.get $tmp) (i32.const 20)) (local.get $tmp))))
            (local.set $r (f64x2.mul
              (f64x2.sub
                (v128.bitselect
                  (i32x4.sub (local.get $x) (v128.and (local.get $tmp) (i32x4.splat (i32.const 0xfff00000))))
                  (local.get $x)
                  (local.get $mask))
                (v128.load64_lane 1 (local.get $a1) (v128.load64_zero (local.get $a0))))
              (v128.load64_lane offset=8 1 (local.get $a1) (v128.load64_zero offset=8 (local.get $a0)))))
            (local.set $w (f64x2.add
              (f64x2.mul (local.get $dk) (f64x2.splat (f64.const 0x1.62e42fee00000p-1)))
              (v128.load64_lane offset=16 1 (local.get $a1) (v128.load64_zero offset=16 (local.get $a0)))))
            (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
            (v128.store (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))
                  (f64x2.add
                    (f64x2.mul (local.get $dk) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33)))
                    (v128.load64_lane offset=24 1 (local.get $a1) (v128.load64_zero offset=24 (local.get $a0)))))
                (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
                  (f64x2.add (f64x2.splat (f64.const -0x1p-1)) (f64x2.mul (local.get $r)
                  (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-2)) (f64x2.mul (local.get $r)
                  (f64x2.add (f64x2.splat (f64.const -0x1p-2)) (f64x2.mul (local.get $r)
                  (f64x2.add (f64x2.splat (f64.const 0x1.999999999999ap-3)) (f64x2.mul (local.get $r)
                  (f64x2.add (f64x2.splat (f64.const -0x1.5555555555555p-3)) (f64x2.mul (local.get $r)
                    (f64x2.splat (f64.const 0x1.2492492492492p-3))))))))))))))))
            (local.set $tmp2 (i32x4.sub (local.get $x2) (i32x4.splat (i32.const 0x3fe7f000))))
            (local.set $a02 (i32.add (local.get $tab) (i32.shl
              (i32.and (i32.shr_s (i32x4.extract_lane 1 (local.get $tmp2)) (i32.const 13)) (i32.const 127)) (i32.const 5))))
            (local.set $a12 (i32.add (local.get $tab) (i32.shl
              (i32.and (i32.shr_s (i32x4.extract_lane 3 (local.get $tmp2)) (i32.const 13)) (i32.const 127)) (i32.const 5))))
            (local.set $dk2 (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                (i32x4.shr_s (local.get $tmp2) (i32.const 20)) (local.get $tmp2))))
            (local.set $r2 (f64x2.mul
              (f64x2.sub
                (v128.bitselect
                  (i32x4.sub (local.get $x2) (v128.and (local.get $tmp2) (i32x4.splat (i32.const 0xfff00000))))
                  (local.get $x2)
                  (local.get $mask))
                (v128.load64_lane 1 (local.get $a12) (v128.load64_zero (local.get $a02))))
              (v128.load64_lane offset=8 1 (local.get $a12) (v128.load64_zero offset=8 (local.get $a02)))))
            (local.set $w2 (f64x2.add
              (f64x2.mul (local.get $dk2) (f64x2.splat (f64.const 0x1.62e42fee00000p-1)))
              (v128.load64_lane offset=16 1 (local.get $a12) (v128.load64_zero offset=16 (local.get $a02)))))
            (local.set $hi2 (f64x2.add (local.get $w2) (local.get $r2)))
            (v128.store offset=16 (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi2)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (f64x2.sub (local.get $w2) (local.get $hi2)) (local.get $r2))
                  (f64x2.add
                    (f64x2.mul (local.get $dk2) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33)))
                    (v128.load64_lane offset=24 1 (local.get $a12) (v128.load64_zero offset=24 (local.get $a02)))))
                (f64x2.mul (f64x2.mul (local.get $r2) (local.get $r2))
                  (f64x2.add (f64x2.splat (f64.const -0x1p-1)) (f64x2.mul (local.get $r2)
                  (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-2)) (f64x2.mul (local.get $r2)
                  (f64x2.add (f64x2.splat (f64.const -0x1p-2)) (f64x2.mul (local.get $r2)
                  (f64x2.add (f64x2.splat (f64.const 0x1.999999999999ap-3)) (f64x2.mul (local.get $r2)
                  (f64x2.add (f64x2.splat (f64.const -0x1.5555555555555p-3)) (f64x2.mul (local.get $r2)
                    (f64x2.splat (f64.const 0x1.2492492492492p-3))))))))))))))))
          ))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $quad)))
    ;; the last count mod 4 values
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 3))))
    (block $tail
      (loop $one
        (br_if $tail (i32.ge_u (local.get $p) (local.get $end)))
        (f64.store (i32.add (local.get $p) (local.get $d)) (call $slow (f64.add (f64.abs (f64.load (local.get $p))) (local.get $eps))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $one)))))
