;; log(|x| + ε) in place over f64 values, four at a time (two vectors, for instruction-level parallelism): fdlibm's __ieee754_log (the algorithm and
;; constants V8's Math.log uses) with its two final formulas computed for both lanes and selected,
;; which gives Math.log's results bit for bit (models/logAbs.ts has it in JS; a test sweeps both).
;; A group of four with a zero, subnormal, infinite or NaN argument, or one within 2⁻²⁰ of a power of two
;; (fdlibm's short series), goes to the imported scalar $slow instead.
(module
  (import "env" "mem" (memory 1))
  (import "env" "slow" (func $slow (param f64) (result f64)))
  (func (export "logAbs") (param $p i32) (param $count i32) (param $eps f64)
    (local $end i32) (local $x v128) (local $hx v128) (local $hm v128) (local $i0 v128) (local $k v128)
    (local $f v128) (local $s v128) (local $z v128) (local $w v128) (local $r v128) (local $dk v128)
    (local $hfsq v128) (local $a v128) (local $b v128) (local $sel v128) (local $bad v128)
    (local $ve v128) (local $one v128) (local $two v128) (local $half v128) (local $lnhi v128) (local $lnlo v128)
    (local $fff v128) (local $hi v128)
    (local $x2 v128) (local $hx2 v128) (local $hm2 v128) (local $i02 v128) (local $k2 v128) (local $f2 v128) (local $s2 v128) (local $z2 v128) (local $w2 v128) (local $r2 v128) (local $dk2 v128) (local $hfsq2 v128) (local $a2 v128) (local $b2 v128) (local $sel2 v128) (local $bad2 v128)
    (local.set $ve (f64x2.splat (local.get $eps)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $lnhi (f64x2.splat (f64.const 6.93147180369123816490e-01)))
    (local.set $lnlo (f64x2.splat (f64.const 1.90821492927058770002e-10)))
    (local.set $fff (i32x4.splat (i32.const 0xfffff)))
    (local.set $hi (i64x2.splat (i64.const 0xffffffff00000000)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64x2.add (f64x2.abs (v128.load (local.get $p))) (local.get $ve)))
        ;; in i32 lanes 1 and 3 (the high words; lanes 0 and 2 are don't-cares): hx, k = exponent − 1023,
        ;; hm = the mantissa's top 20 bits (i32x4 throughout: V8 has no native i64x2 shifts on x64)
        (local.set $hx (local.get $x))
        (local.set $k (i32x4.sub (i32x4.shr_s (local.get $hx) (i32.const 20)) (i32x4.splat (i32.const 1023))))
        (local.set $hm (v128.and (local.get $hx) (local.get $fff)))
        ;; normalise x or x/2 into [√2/2, √2)
        (local.set $i0 (v128.and (i32x4.add (local.get $hm) (i32x4.splat (i32.const 0x95f64))) (i32x4.splat (i32.const 0x100000))))
        (local.set $f (f64x2.sub
          (v128.bitselect
            (v128.or (local.get $hm) (v128.xor (local.get $i0) (i32x4.splat (i32.const 0x3ff00000))))
            (local.get $x)
            (local.get $hi))
          (local.get $one)))
        (local.set $k (i32x4.add (local.get $k) (i32x4.shr_s (local.get $i0) (i32.const 20))))
        (local.set $bad (v128.and (local.get $hi) (v128.or
          (v128.or
            (i32x4.lt_s (local.get $hx) (i32x4.splat (i32.const 0x00100000)))
            (i32x4.ge_s (local.get $hx) (i32x4.splat (i32.const 0x7ff00000))))
          (i32x4.lt_s (v128.and (i32x4.add (local.get $hm) (i32x4.splat (i32.const 2))) (local.get $fff)) (i32x4.splat (i32.const 3))))))
        (local.set $x2 (f64x2.add (f64x2.abs (v128.load offset=16 (local.get $p))) (local.get $ve)))
        ;; in i32 lanes 1 and 3 (the high words; lanes 0 and 2 are don't-cares): hx, k = exponent − 1023,
        ;; hm = the mantissa's top 20 bits (i32x4 throughout: V8 has no native i64x2 shifts on x64)
        (local.set $hx2 (local.get $x2))
        (local.set $k2 (i32x4.sub (i32x4.shr_s (local.get $hx2) (i32.const 20)) (i32x4.splat (i32.const 1023))))
        (local.set $hm2 (v128.and (local.get $hx2) (local.get $fff)))
        ;; normalise x or x/2 into [√2/2, √2)
        (local.set $i02 (v128.and (i32x4.add (local.get $hm2) (i32x4.splat (i32.const 0x95f64))) (i32x4.splat (i32.const 0x100000))))
        (local.set $f2 (f64x2.sub
          (v128.bitselect
            (v128.or (local.get $hm2) (v128.xor (local.get $i02) (i32x4.splat (i32.const 0x3ff00000))))
            (local.get $x2)
            (local.get $hi))
          (local.get $one)))
        (local.set $k2 (i32x4.add (local.get $k2) (i32x4.shr_s (local.get $i02) (i32.const 20))))
        (local.set $bad2 (v128.and (local.get $hi) (v128.or
          (v128.or
            (i32x4.lt_s (local.get $hx2) (i32x4.splat (i32.const 0x00100000)))
            (i32x4.ge_s (local.get $hx2) (i32x4.splat (i32.const 0x7ff00000))))
          (i32x4.lt_s (v128.and (i32x4.add (local.get $hm2) (i32x4.splat (i32.const 2))) (local.get $fff)) (i32x4.splat (i32.const 3))))))
        (if (v128.any_true (v128.or (local.get $bad) (local.get $bad2)))
          (then
            (v128.store (local.get $p) (f64x2.replace_lane 1
              (f64x2.splat (call $slow (f64x2.extract_lane 0 (local.get $x))))
              (call $slow (f64x2.extract_lane 1 (local.get $x)))))
            (v128.store offset=16 (local.get $p) (f64x2.replace_lane 1
              (f64x2.splat (call $slow (f64x2.extract_lane 0 (local.get $x2))))
              (call $slow (f64x2.extract_lane 1 (local.get $x2))))))
          (else
            (local.set $s (f64x2.div (local.get $f) (f64x2.add (local.get $two) (local.get $f))))
            (local.set $dk (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $k) (local.get $k))))
            (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
            (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
            ;; R = t2 + t1, t1 = w(Lg2 + w(Lg4 + w·Lg6)), t2 = z(Lg1 + w(Lg3 + w(Lg5 + w·Lg7)))
            (local.set $r (f64x2.add
              (f64x2.mul (local.get $z)
                (f64x2.add (f64x2.splat (f64.const 6.666666666666735130e-01))
                  (f64x2.mul (local.get $w)
                    (f64x2.add (f64x2.splat (f64.const 2.857142874366239149e-01))
                      (f64x2.mul (local.get $w)
                        (f64x2.add (f64x2.splat (f64.const 1.818357216161805012e-01))
                          (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.479819860511658591e-01)))))))))
              (f64x2.mul (local.get $w)
                (f64x2.add (f64x2.splat (f64.const 3.999999999940941908e-01))
                  (f64x2.mul (local.get $w)
                    (f64x2.add (f64x2.splat (f64.const 2.222219843214978396e-01))
                      (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.531383769920937332e-01)))))))))
            ;; fdlibm's choice: (hm − 0x6147a) | (0x6b851 − hm) > 0
            (local.set $sel (i32x4.gt_s
              (v128.or
                (i32x4.sub (local.get $hm) (i32x4.splat (i32.const 0x6147a)))
                (i32x4.sub (i32x4.splat (i32.const 0x6b851)) (local.get $hm)))
              (i32x4.splat (i32.const 0))))
            ;; each high lane's choice over its whole f64 lane
            (local.set $sel (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $sel) (local.get $sel)))
            (local.set $hfsq (f64x2.mul (f64x2.mul (local.get $half) (local.get $f)) (local.get $f)))
            ;; dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f)
            (local.set $a (f64x2.sub (f64x2.mul (local.get $dk) (local.get $lnhi))
              (f64x2.sub
                (f64x2.sub (local.get $hfsq)
                  (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r)))
                    (f64x2.mul (local.get $dk) (local.get $lnlo))))
                (local.get $f))))
            ;; dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
            (local.set $b (f64x2.sub (f64x2.mul (local.get $dk) (local.get $lnhi))
              (f64x2.sub
                (f64x2.sub (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $r)))
                  (f64x2.mul (local.get $dk) (local.get $lnlo)))
                (local.get $f))))
            (v128.store (local.get $p) (v128.bitselect (local.get $a) (local.get $b) (local.get $sel)))            (local.set $s2 (f64x2.div (local.get $f2) (f64x2.add (local.get $two) (local.get $f2))))
            (local.set $dk2 (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $k2) (local.get $k2))))
            (local.set $z2 (f64x2.mul (local.get $s2) (local.get $s2)))
            (local.set $w2 (f64x2.mul (local.get $z2) (local.get $z2)))
            ;; R = t2 + t1, t1 = w(Lg2 + w(Lg4 + w·Lg6)), t2 = z(Lg1 + w(Lg3 + w(Lg5 + w·Lg7)))
            (local.set $r2 (f64x2.add
              (f64x2.mul (local.get $z2)
                (f64x2.add (f64x2.splat (f64.const 6.666666666666735130e-01))
                  (f64x2.mul (local.get $w2)
                    (f64x2.add (f64x2.splat (f64.const 2.857142874366239149e-01))
                      (f64x2.mul (local.get $w2)
                        (f64x2.add (f64x2.splat (f64.const 1.818357216161805012e-01))
                          (f64x2.mul (local.get $w2) (f64x2.splat (f64.const 1.479819860511658591e-01)))))))))
              (f64x2.mul (local.get $w2)
                (f64x2.add (f64x2.splat (f64.const 3.999999999940941908e-01))
                  (f64x2.mul (local.get $w2)
                    (f64x2.add (f64x2.splat (f64.const 2.222219843214978396e-01))
                      (f64x2.mul (local.get $w2) (f64x2.splat (f64.const 1.531383769920937332e-01)))))))))
            ;; fdlibm's choice: (hm − 0x6147a) | (0x6b851 − hm) > 0
            (local.set $sel2 (i32x4.gt_s
              (v128.or
                (i32x4.sub (local.get $hm2) (i32x4.splat (i32.const 0x6147a)))
                (i32x4.sub (i32x4.splat (i32.const 0x6b851)) (local.get $hm2)))
              (i32x4.splat (i32.const 0))))
            ;; each high lane's choice over its whole f64 lane
            (local.set $sel2 (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $sel2) (local.get $sel2)))
            (local.set $hfsq2 (f64x2.mul (f64x2.mul (local.get $half) (local.get $f2)) (local.get $f2)))
            ;; dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f)
            (local.set $a2 (f64x2.sub (f64x2.mul (local.get $dk2) (local.get $lnhi))
              (f64x2.sub
                (f64x2.sub (local.get $hfsq2)
                  (f64x2.add (f64x2.mul (local.get $s2) (f64x2.add (local.get $hfsq2) (local.get $r2)))
                    (f64x2.mul (local.get $dk2) (local.get $lnlo))))
                (local.get $f2))))
            ;; dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
            (local.set $b2 (f64x2.sub (f64x2.mul (local.get $dk2) (local.get $lnhi))
              (f64x2.sub
                (f64x2.sub (f64x2.mul (local.get $s2) (f64x2.sub (local.get $f2) (local.get $r2)))
                  (f64x2.mul (local.get $dk2) (local.get $lnlo)))
                (local.get $f2))))
            (v128.store offset=16 (local.get $p) (v128.bitselect (local.get $a2) (local.get $b2) (local.get $sel2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $pair)))
    ;; the last count mod 4 values
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 3))))
    (block $tail
      (loop $one
        (br_if $tail (i32.ge_u (local.get $p) (local.get $end)))
        (f64.store (local.get $p) (call $slow (f64.add (f64.abs (f64.load (local.get $p))) (local.get $eps))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $one)))))
