;; log(|x| + ε) over f64 values from $p to $out (a separate place: the inputs are read again if one is
;; special), two at a time: the table-driven log of logAbs.ts (logPositive) with the same operations
;; in the same order, so both give the same bits (a test sweeps them). $tab is the byte offset of
;; logTable()'s 128 entries [c, 1/c, head, tail] (4096 bytes) and then the loop's constants as f64x2
;; pairs: OFF, the exponent mask, ln2_hi, ln2_lo, C2 … C7 (loaded, not splatted: V8 builds a splat
;; constant in three instructions on every pass). Per vector: t = x − OFF as 64-bit integers (its high
;; word hx − OFF_HI), k = t's high word >> 20, entry (t's high word >> 13) & 127, z = x − (t & exponent
;; mask); r = (z − c)·(1/c); w = k·ln2_hi + head (exact); the result hi + ((w − hi + r + (k·ln2_lo +
;; tail)) + r²·p(r)), hi = w + r, p by Estrin's scheme (Horner's chain of ten dependent operations
;; bounded the loop by latency). Zero, subnormal, infinite and NaN arguments: the loop keeps the
;; extremes of t's high words; only if one lies outside the normal range are the inputs read again and
;; those values handed to the imported scalar $slow (logPositive, which passes them to Math.log), as is
;; the last value of an odd count. `logNearOne` is a log for arguments in [1 − 2⁻¹¹, 2 + 2⁻⁷) only
;; (the paper's training inputs, U[1, 2] plus ε): no reduction by a power of two, the interval of x
;; read from its bits directly, so it skips the exponent's steps, and a table four times finer
;; (logTable.ts nearOneTable) for a polynomial of degree 3 instead of 5; its own bits (logAbs.ts
;; logNearOne is its JS twin), also within 1 ulp.
(module
  (import "env" "mem" (memory 1))
  (import "env" "slow" (func $slow (param f64) (result f64)))
  (func (export "logAbs") (param $p i32) (param $count i32) (param $eps f64) (param $tab i32) (param $out i32)
    (local $start i32) (local $end i32) (local $d i32) (local $a i32) (local $b i32) (local $v f64)
    (local $x v128) (local $t v128) (local $k v128) (local $r v128) (local $q v128) (local $w v128) (local $hi v128)
    (local $ve v128) (local $lo v128) (local $up v128)
    (local.set $d (i32.sub (local.get $out) (local.get $p)))
    (local.set $start (local.get $p))
    (local.set $ve (f64x2.splat (local.get $eps)))
    (local.set $lo (i32x4.splat (i32.const 0x7fffffff)))
    (local.set $up (i32x4.splat (i32.const 0x80000000)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64x2.add (f64x2.abs (v128.load (local.get $p))) (local.get $ve)))
        (local.set $t (i64x2.sub (local.get $x) (v128.load offset=4096 (local.get $tab))))
        (local.set $lo (i32x4.min_s (local.get $lo) (local.get $t)))
        (local.set $up (i32x4.max_s (local.get $up) (local.get $t)))
        ;; the entry's offset ((t >> 13) & 127)·32, as (t >> 8) & (127 << 5)
        (local.set $a (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $t)) (i32.const 8)) (i32.const 0xfe0))))
        (local.set $b (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 3 (local.get $t)) (i32.const 8)) (i32.const 0xfe0))))
        (local.set $k (f64x2.convert_low_i32x4_s
          (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (i32x4.shr_s (local.get $t) (i32.const 20)) (local.get $t))))
        (local.set $r (f64x2.mul
          (f64x2.sub
            (i64x2.sub (local.get $x) (v128.and (local.get $t) (v128.load offset=4112 (local.get $tab))))
            (v128.load64_lane 1 (local.get $b) (v128.load64_zero (local.get $a))))
          (v128.load64_lane offset=8 1 (local.get $b) (v128.load64_zero offset=8 (local.get $a)))))
        (local.set $w (f64x2.add
          (f64x2.mul (local.get $k) (v128.load offset=4128 (local.get $tab)))
          (v128.load64_lane offset=16 1 (local.get $b) (v128.load64_zero offset=16 (local.get $a)))))
        (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
        (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
        (v128.store (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi)
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))
              (f64x2.add
                (f64x2.mul (local.get $k) (v128.load offset=4144 (local.get $tab)))
                (v128.load64_lane offset=24 1 (local.get $b) (v128.load64_zero offset=24 (local.get $a)))))
            ;; r²·((C2 + r·C3) + (r²·(C4 + r·C5) + r⁴·(C6 + r·C7)))
            (f64x2.mul (local.get $q)
              (f64x2.add
                (f64x2.add (v128.load offset=4160 (local.get $tab)) (f64x2.mul (local.get $r) (v128.load offset=4176 (local.get $tab))))
                (f64x2.add
                  (f64x2.mul (local.get $q)
                    (f64x2.add (v128.load offset=4192 (local.get $tab)) (f64x2.mul (local.get $r) (v128.load offset=4208 (local.get $tab)))))
                  (f64x2.mul (f64x2.mul (local.get $q) (local.get $q))
                    (f64x2.add (v128.load offset=4224 (local.get $tab)) (f64x2.mul (local.get $r) (v128.load offset=4240 (local.get $tab)))))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pair)))
    ;; a normal positive finite x has hx in [0x00100000, 0x7ff00000), so t's high word in [−0x3fd7f000, 0x40081000)
    (if (i32.or
          (i32.or (i32.lt_s (i32x4.extract_lane 1 (local.get $lo)) (i32.const -0x3fd7f000))
                  (i32.lt_s (i32x4.extract_lane 3 (local.get $lo)) (i32.const -0x3fd7f000)))
          (i32.or (i32.ge_s (i32x4.extract_lane 1 (local.get $up)) (i32.const 0x40081000))
                  (i32.ge_s (i32x4.extract_lane 3 (local.get $up)) (i32.const 0x40081000))))
      (then
        (local.set $p (local.get $start))
        (block $fixed
          (loop $fix
            (br_if $fixed (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (f64.add (f64.abs (f64.load (local.get $p))) (local.get $eps)))
            (if (i32.ge_u
                  (i32.sub (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $v)) (i64.const 32))) (i32.const 0x00100000))
                  (i32.const 0x7fe00000))
              (then (f64.store (i32.add (local.get $p) (local.get $d)) (call $slow (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $fix)))))
    ;; the last value of an odd count
    (if (i32.and (local.get $count) (i32.const 1))
      (then (f64.store (i32.add (local.get $end) (local.get $d))
        (call $slow (f64.add (f64.abs (f64.load (local.get $end))) (local.get $eps)))))))

  ;; log(x + ε) for an even $count of values with x + ε in [1 − 2⁻¹¹, 2 + 2⁻⁷): 1 if they all were (the
  ;; results are then those values' logarithms, logNearOne's in logAbs.ts bit for bit), else 0 (the
  ;; results are meaningless: use logAbs). At $tab + 4256: BASE = 0x3feffc00_00000000, then D2 … D5
  ;; (pairs), then the near-one table (logTable.ts, 1024 entries of 32 bytes) from $tab + 4336.
  (func (export "logNearOne") (param $p i32) (param $count i32) (param $eps f64) (param $tab i32) (param $out i32) (result i32)
    (local $end i32) (local $d i32)
    (local $a i32) (local $b i32) (local $x v128) (local $t v128) (local $r v128) (local $q v128) (local $w v128) (local $hi v128) (local $ea v128) (local $eb v128)
    (local $a2 i32) (local $b2 i32) (local $x2 v128) (local $t2 v128) (local $r2 v128) (local $q2 v128) (local $w2 v128) (local $hi2 v128) (local $ea2 v128) (local $eb2 v128)
    (local $ve v128) (local $up v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $base v128)
    (if (i32.and (local.get $count) (i32.const 1)) (then (return (i32.const 0))))
    (local.set $d (i32.sub (local.get $out) (local.get $p)))
    (local.set $ve (f64x2.splat (local.get $eps)))
    ;; the constants in locals (unlike logAbs's loop, this one has the registers to keep them)
    (local.set $base (v128.load offset=4256 (local.get $tab)))
    (local.set $c2 (v128.load offset=4272 (local.get $tab)))
    (local.set $c3 (v128.load offset=4288 (local.get $tab)))
    (local.set $c4 (v128.load offset=4304 (local.get $tab)))
    (local.set $c5 (v128.load offset=4320 (local.get $tab)))
    ;; two pairs per pass (the loop's bookkeeping and V8's stack check once per four values), then the last pair if any
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 3))))
    ;; per pair: high words t = hx − 0x3feffc00 (x's fraction's top 20 bits where x is in [1, 2), plus
    ;; half an interval, 0x400), in [0, 0x101400) as unsigned exactly where x is in the path's range;
    ;; entry i = t >> 11 at offset i·32 = (t >> 6) & (1023 << 5), masked so that a value out of range
    ;; still reads inside the table; each lane's entry as two 16-byte loads ([c, 1/c], [head, tail])
    ;; and shuffles (fewer instructions than lane loads); r = (x − c)·(1/c), w = head, and the result
    ;; hi + (((w − hi) + r + tail) + r²·((D2 + r·D3) + r²·(D4 + r·D5))), hi = w + r
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64x2.add (v128.load (local.get $p)) (local.get $ve)))
        (local.set $t (i64x2.sub (local.get $x) (local.get $base)))
        (local.set $up (i32x4.max_u (local.get $up) (local.get $t)))
        (local.set $a (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $t)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $b (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 3 (local.get $t)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $ea (v128.load offset=4336 (local.get $a)))
        (local.set $eb (v128.load offset=4336 (local.get $b)))
        (local.set $r (f64x2.mul
          (f64x2.sub (local.get $x) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea) (local.get $eb)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea) (local.get $eb))))
        (local.set $ea (v128.load offset=4352 (local.get $a)))
        (local.set $eb (v128.load offset=4352 (local.get $b)))
        (local.set $w (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea) (local.get $eb)))
        (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
        (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
        (v128.store (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi)
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea) (local.get $eb)))
            (f64x2.mul (local.get $q)
              (f64x2.add
                (f64x2.add (local.get $c2) (f64x2.mul (local.get $r) (local.get $c3)))
                (f64x2.mul (local.get $q)
                  (f64x2.add (local.get $c4) (f64x2.mul (local.get $r) (local.get $c5)))))))))
        (local.set $x2 (f64x2.add (v128.load offset=16 (local.get $p)) (local.get $ve)))
        (local.set $t2 (i64x2.sub (local.get $x2) (local.get $base)))
        (local.set $up (i32x4.max_u (local.get $up) (local.get $t2)))
        (local.set $a2 (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $t2)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $b2 (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 3 (local.get $t2)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $ea2 (v128.load offset=4336 (local.get $a2)))
        (local.set $eb2 (v128.load offset=4336 (local.get $b2)))
        (local.set $r2 (f64x2.mul
          (f64x2.sub (local.get $x2) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea2) (local.get $eb2)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea2) (local.get $eb2))))
        (local.set $ea2 (v128.load offset=4352 (local.get $a2)))
        (local.set $eb2 (v128.load offset=4352 (local.get $b2)))
        (local.set $w2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea2) (local.get $eb2)))
        (local.set $hi2 (f64x2.add (local.get $w2) (local.get $r2)))
        (local.set $q2 (f64x2.mul (local.get $r2) (local.get $r2)))
        (v128.store offset=16 (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi2)
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.sub (local.get $w2) (local.get $hi2)) (local.get $r2))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea2) (local.get $eb2)))
            (f64x2.mul (local.get $q2)
              (f64x2.add
                (f64x2.add (local.get $c2) (f64x2.mul (local.get $r2) (local.get $c3)))
                (f64x2.mul (local.get $q2)
                  (f64x2.add (local.get $c4) (f64x2.mul (local.get $r2) (local.get $c5)))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $pairs)))
    (if (i32.and (local.get $count) (i32.const 2))
      (then
        (local.set $x (f64x2.add (v128.load (local.get $p)) (local.get $ve)))
        (local.set $t (i64x2.sub (local.get $x) (local.get $base)))
        (local.set $up (i32x4.max_u (local.get $up) (local.get $t)))
        (local.set $a (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $t)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $b (i32.add (local.get $tab) (i32.and (i32.shr_u (i32x4.extract_lane 3 (local.get $t)) (i32.const 6)) (i32.const 0x7fe0))))
        (local.set $ea (v128.load offset=4336 (local.get $a)))
        (local.set $eb (v128.load offset=4336 (local.get $b)))
        (local.set $r (f64x2.mul
          (f64x2.sub (local.get $x) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea) (local.get $eb)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea) (local.get $eb))))
        (local.set $ea (v128.load offset=4352 (local.get $a)))
        (local.set $eb (v128.load offset=4352 (local.get $b)))
        (local.set $w (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ea) (local.get $eb)))
        (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
        (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
        (v128.store (i32.add (local.get $p) (local.get $d)) (f64x2.add (local.get $hi)
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ea) (local.get $eb)))
            (f64x2.mul (local.get $q)
              (f64x2.add
                (f64x2.add (local.get $c2) (f64x2.mul (local.get $r) (local.get $c3)))
                (f64x2.mul (local.get $q)
                  (f64x2.add (local.get $c4) (f64x2.mul (local.get $r) (local.get $c5)))))))))))
    ;; every high word's hx − 0x3feffc00 in [0, 0x101400): x in [1 − 2⁻¹¹, 2 + 2⁻⁷)
    (i32.and (i32.lt_u (i32x4.extract_lane 1 (local.get $up)) (i32.const 0x101400))
             (i32.lt_u (i32x4.extract_lane 3 (local.get $up)) (i32.const 0x101400)))))
