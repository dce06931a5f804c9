;; The Float32 path's conversions, in SIMD: Float64 operands (copied into env.mem as they are)
;; rounded to float32 into the padded layout the gemm32 kernels read, packed into gemm32NT's
;; panels, and their float32 results widened back into Float64, written or added. Pointers are
;; byte offsets into env.mem; strides are in elements.
(module
  (import "env" "mem" (memory 1))

  ;; dst[r, 0..cols) = f32(src[r, 0..cols)) and dst[r, cols..dcols) = 0, for r < rows
  (func (export "demote")
    (param $src i32) (param $sld i32) (param $dst i32) (param $dld i32) (param $rows i32) (param $cols i32) (param $dcols i32)
    (local $s i32) (local $d i32) (local $j i32) (local $c4 i32)
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $d (local.get $dst))
        (local.set $j (i32.const 0))
        ;; four at a time: two f64x2 demoted into the low halves, joined into one f32x4
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_s (local.get $j) (local.get $c4)))
            (v128.store align=4 (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (v128.load align=8 (local.get $s)))
                (f32x4.demote_f64x2_zero (v128.load offset=16 align=8 (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $j) (local.get $cols)))
            (f32.store (local.get $d) (f32.demote_f64 (f64.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (i32.const 8)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (block $padDone
          (loop $pad
            (br_if $padDone (i32.ge_s (local.get $j) (local.get $dcols)))
            (f32.store (local.get $d) (f32.const 0))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $pad)))
        (local.set $src (i32.add (local.get $src) (i32.mul (local.get $sld) (i32.const 8))))
        (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $dld) (i32.const 4))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rows))))

  ;; dst[r, 0..cols) = src[r, 0..cols) widened, plus dst's own values when $add, for r < rows
  (func (export "promote")
    (param $src i32) (param $sld i32) (param $dst i32) (param $dld i32) (param $rows i32) (param $cols i32) (param $add i32)
    (local $s i32) (local $d i32) (local $j i32) (local $c4 i32) (local $q v128)
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $d (local.get $dst))
        (local.set $j (i32.const 0))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_s (local.get $j) (local.get $c4)))
            (local.set $q (v128.load align=4 (local.get $s)))
            (if (local.get $add)
              (then
                (v128.store align=8 (local.get $d)
                  (f64x2.add (v128.load align=8 (local.get $d)) (f64x2.promote_low_f32x4 (local.get $q))))
                (v128.store offset=16 align=8 (local.get $d)
                  (f64x2.add (v128.load offset=16 align=8 (local.get $d))
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q))))))
              (else
                (v128.store align=8 (local.get $d) (f64x2.promote_low_f32x4 (local.get $q)))
                (v128.store offset=16 align=8 (local.get $d)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q))))))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $j) (local.get $cols)))
            (f64.store (local.get $d)
              (f64.add (select (f64.load (local.get $d)) (f64.const 0) (local.get $add)) (f64.promote_f32 (f32.load (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $src (i32.add (local.get $src) (i32.mul (local.get $sld) (i32.const 4))))
        (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $dld) (i32.const 8))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rows))))

  ;; the panels gemm32NT reads: rows [p·h, p·h + h) of src (row-major, $k elements a row, rows a
  ;; multiple of h) interleaved four values at a time, panel after panel; $k a multiple of 4
  (func (export "pack") (param $src i32) (param $rows i32) (param $k i32) (param $dst i32) (param $h i32)
    (local $kb i32) (local $p i32) (local $g i32) (local $r i32) (local $row i32)
    (local.set $kb (i32.mul (local.get $k) (i32.const 4)))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_s (local.get $p) (local.get $rows)))
        (local.set $g (i32.const 0))
        (block $groupsDone
          (loop $groups
            (br_if $groupsDone (i32.ge_s (local.get $g) (local.get $kb)))
            (local.set $row (i32.add (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $kb))) (local.get $g)))
            (local.set $r (local.get $h))
            (loop $inPanel
              (v128.store align=4 (local.get $dst) (v128.load align=4 (local.get $row)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $row (i32.add (local.get $row) (local.get $kb)))
              (local.set $r (i32.sub (local.get $r) (i32.const 1)))
              (br_if $inPanel (local.get $r)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $groups)))
        (local.set $p (i32.add (local.get $p) (local.get $h)))
        (br $panels))))

  ;; Rows idx[0 .. n) (i32 row numbers at $idx) of the rows of $bytes bytes at $src, one after another at $dst:
  ;; a shuffled batch's float32 rows gathered from its set's float32 copy (operands32.ts)
  (func (export "gatherRows") (param $src i32) (param $bytes i32) (param $idx i32) (param $n i32) (param $dst i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (memory.copy (local.get $dst) (i32.add (local.get $src) (i32.mul (i32.load (local.get $idx)) (local.get $bytes))) (local.get $bytes))
        (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $rows))))

  ;; The Float32 path's NAC refresh (refresh32.ts): W = tanh(Ŵ)·σ(M̂) and its gradient factors in
  ;; float32 precision, eight weights a step, Float64 in and out. Every quantity whose plain formula
  ;; cancels is taken from a form that does not: with E = e^2|Ŵ| − 1 (from an e^r − 1 polynomial,
  ;; exact near 0), u = 1/(E + 2) and q = e^−M̂: tanh|Ŵ| = E·u, 1 − tanh² = 4(E + 1)·u², σ = 1/(1 + q)
  ;; and 1 − σ = q·σ. Arguments are clamped so exp stays finite. Each exponential is written out in
  ;; place (x = k·ln 2 + r, ln 2 in two parts as Cephes splits it, e^r or e^r − 1 to degree 7, times
  ;; 2^k from its exponent bits): V8 does not inline WebAssembly calls, and a call per quantity cost
  ;; as much as the whole Float64 refresh. k comes from adding 1.5·2²³, which rounds to the nearest
  ;; integer (ties to even) and leaves k in the sum's low bits, so shifted they are 2^k's exponent;
  ;; the clamps are pmin/pmax, one instruction each where V8 spends seven on min/max's NaN and −0
  ;; rules (the same values here: a NaN stays NaN either way, no bound is 0).
  ;; The polynomials are in Estrin's form (pairs, then r², then r⁴: depth 6 where Horner's is 14, for
  ;; two more operations), which alone took 11 % off: the depth of the chain counts here, not only the
  ;; number of instructions. tanh comes from E with one division, where 1 − 2/(e^2|Ŵ| + 1) needed a
  ;; second polynomial below |Ŵ| = 1/8 and a select. Together 18 % off (262 → 213 µs for 50,000
  ;; weights alone), the error no larger: at most 6.3, 6.2 and 7.7 float32 ulps for W, dW/dŴ and
  ;; dW/dM̂ on 400,000 weights of float32 Ŵ and M̂ (13.7, 4.6 and 15.2 before).

  ;; Two quads a step, their statements interleaved (the second quad's locals end in _b, its
  ;; addresses are 32 bytes on): one quad's chain of dependent operations is about 40 deep, so the
  ;; out-of-order window held barely more than one quad at a time and the units sat waiting. Paired,
  ;; 50,000 weights take 166 µs instead of 233 (three or four quads spill and are slower), same bits.
  ;; $count weights (a multiple of 8) from Ŵ at $wh and M̂ at $mh into W, dW/dŴ and dW/dM̂ at $w, $fa, $fb
  (func (export "nacRefresh") (param $wh i32) (param $mh i32) (param $count i32) (param $w i32) (param $fa i32) (param $fb i32)
    (local $i i32) (local $x v128) (local $a v128) (local $e v128) (local $u v128) (local $p2 v128) (local $t v128)
    (local $q v128) (local $s v128) (local $y v128) (local $k v128) (local $r v128) (local $v v128) (local $kb v128)
    (local $r2 v128) (local $r4 v128) (local $e0 v128) (local $e1 v128)
    (local $x_b v128) (local $a_b v128) (local $e_b v128) (local $u_b v128) (local $p2_b v128) (local $t_b v128)
    (local $q_b v128) (local $s_b v128) (local $y_b v128) (local $k_b v128) (local $r_b v128) (local $v_b v128) (local $kb_b v128)
    (local $r2_b v128) (local $r4_b v128) (local $e0_b v128) (local $e1_b v128)
    (block $done
      (loop $quads
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $x (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load align=8 (local.get $wh)))
          (f32x4.demote_f64x2_zero (v128.load offset=16 align=8 (local.get $wh)))))
        (local.set $x_b (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load offset=32 align=8 (local.get $wh)))
          (f32x4.demote_f64x2_zero (v128.load offset=48 align=8 (local.get $wh)))))
        (local.set $a (f32x4.pmin (f32x4.abs (local.get $x)) (v128.const f32x4 40 40 40 40)))
        (local.set $a_b (f32x4.pmin (f32x4.abs (local.get $x_b)) (v128.const f32x4 40 40 40 40)))
        ;; e^2|x| − 1: 2|x| = k·ln 2 + r, e^r − 1 = r·(1 + r/2 + … + r⁶/7!) in Estrin's form
        (local.set $k (f32x4.sub (local.tee $kb (f32x4.add (f32x4.mul (f32x4.add (local.get $a) (local.get $a)) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)) (v128.const f32x4 12582912 12582912 12582912 12582912))) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $k_b (f32x4.sub (local.tee $kb_b (f32x4.add (f32x4.mul (f32x4.add (local.get $a_b) (local.get $a_b)) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)) (v128.const f32x4 12582912 12582912 12582912 12582912))) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $r (f32x4.sub (f32x4.add (local.get $a) (local.get $a)) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        (local.set $r_b (f32x4.sub (f32x4.add (local.get $a_b) (local.get $a_b)) (f32x4.mul (local.get $k_b) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        (local.set $r (f32x4.add (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
        (local.set $r_b (f32x4.add (local.get $r_b) (f32x4.mul (local.get $k_b) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
        (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
        (local.set $r2_b (f32x4.mul (local.get $r_b) (local.get $r_b)))
        (local.set $r4 (f32x4.mul (local.get $r2) (local.get $r2)))
        (local.set $r4_b (f32x4.mul (local.get $r2_b) (local.get $r2_b)))
        (local.set $e0 (f32x4.add (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $r)))
          (f32x4.mul (f32x4.add (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667) (f32x4.mul (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2) (local.get $r))) (local.get $r2))))
        (local.set $e0_b (f32x4.add (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $r_b)))
          (f32x4.mul (f32x4.add (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667) (f32x4.mul (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2) (local.get $r_b))) (local.get $r2_b))))
        (local.set $e1 (f32x4.add (f32x4.add (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3) (f32x4.mul (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3) (local.get $r)))
          (f32x4.mul (v128.const f32x4 1.98412698e-4 1.98412698e-4 1.98412698e-4 1.98412698e-4) (local.get $r2))))
        (local.set $e1_b (f32x4.add (f32x4.add (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3) (f32x4.mul (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3) (local.get $r_b)))
          (f32x4.mul (v128.const f32x4 1.98412698e-4 1.98412698e-4 1.98412698e-4 1.98412698e-4) (local.get $r2_b))))
        ;; E = 2^k·(e^r − 1) + (2^k − 1), the second term exact
        (local.set $p2 (i32x4.add (i32x4.shl (local.get $kb) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
        (local.set $p2_b (i32x4.add (i32x4.shl (local.get $kb_b) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
        (local.set $e (f32x4.add (f32x4.mul (local.get $p2) (f32x4.mul (local.get $r) (f32x4.add (local.get $e0) (f32x4.mul (local.get $e1) (local.get $r4)))))
          (f32x4.sub (local.get $p2) (v128.const f32x4 1 1 1 1))))
        (local.set $e_b (f32x4.add (f32x4.mul (local.get $p2_b) (f32x4.mul (local.get $r_b) (f32x4.add (local.get $e0_b) (f32x4.mul (local.get $e1_b) (local.get $r4_b)))))
          (f32x4.sub (local.get $p2_b) (v128.const f32x4 1 1 1 1))))
        ;; tanh x = E·u with the sign of x (−0 stays −0)
        (local.set $u (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (local.get $e) (v128.const f32x4 2 2 2 2))))
        (local.set $u_b (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (local.get $e_b) (v128.const f32x4 2 2 2 2))))
        (local.set $t (v128.or (f32x4.mul (local.get $e) (local.get $u))
          (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
        (local.set $t_b (v128.or (f32x4.mul (local.get $e_b) (local.get $u_b))
          (v128.and (local.get $x_b) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
        ;; q = e^−M̂, M̂ clamped to ±80, e^r in Estrin's form
        (local.set $x (f32x4.neg (f32x4.pmax (f32x4.pmin (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load align=8 (local.get $mh)))
          (f32x4.demote_f64x2_zero (v128.load offset=16 align=8 (local.get $mh)))) (v128.const f32x4 80 80 80 80)) (v128.const f32x4 -80 -80 -80 -80))))
        (local.set $x_b (f32x4.neg (f32x4.pmax (f32x4.pmin (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load offset=32 align=8 (local.get $mh)))
          (f32x4.demote_f64x2_zero (v128.load offset=48 align=8 (local.get $mh)))) (v128.const f32x4 80 80 80 80)) (v128.const f32x4 -80 -80 -80 -80))))
        (local.set $k (f32x4.sub (local.tee $kb (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)) (v128.const f32x4 12582912 12582912 12582912 12582912))) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $k_b (f32x4.sub (local.tee $kb_b (f32x4.add (f32x4.mul (local.get $x_b) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)) (v128.const f32x4 12582912 12582912 12582912 12582912))) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        (local.set $r_b (f32x4.sub (local.get $x_b) (f32x4.mul (local.get $k_b) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        (local.set $r (f32x4.add (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
        (local.set $r_b (f32x4.add (local.get $r_b) (f32x4.mul (local.get $k_b) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
        (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
        (local.set $r2_b (f32x4.mul (local.get $r_b) (local.get $r_b)))
        (local.set $r4 (f32x4.mul (local.get $r2) (local.get $r2)))
        (local.set $r4_b (f32x4.mul (local.get $r2_b) (local.get $r2_b)))
        (local.set $e0 (f32x4.add (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r))
          (f32x4.mul (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667) (local.get $r))) (local.get $r2))))
        (local.set $e0_b (f32x4.add (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r_b))
          (f32x4.mul (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667) (local.get $r_b))) (local.get $r2_b))))
        (local.set $e1 (f32x4.add (f32x4.add (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2) (f32x4.mul (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3) (local.get $r)))
          (f32x4.mul (f32x4.add (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3) (f32x4.mul (v128.const f32x4 1.98412698e-4 1.98412698e-4 1.98412698e-4 1.98412698e-4) (local.get $r))) (local.get $r2))))
        (local.set $e1_b (f32x4.add (f32x4.add (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2) (f32x4.mul (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3) (local.get $r_b)))
          (f32x4.mul (f32x4.add (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3) (f32x4.mul (v128.const f32x4 1.98412698e-4 1.98412698e-4 1.98412698e-4 1.98412698e-4) (local.get $r_b))) (local.get $r2_b))))
        (local.set $q (f32x4.add (local.get $e0) (f32x4.mul (local.get $e1) (local.get $r4))))
        (local.set $q_b (f32x4.add (local.get $e0_b) (f32x4.mul (local.get $e1_b) (local.get $r4_b))))
        (local.set $q (f32x4.mul (local.get $q)
          (i32x4.add (i32x4.shl (local.get $kb) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000))))
        (local.set $q_b (f32x4.mul (local.get $q_b)
          (i32x4.add (i32x4.shl (local.get $kb_b) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000))))
        (local.set $s (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $q))))
        (local.set $s_b (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $q_b))))
        (local.set $y (f32x4.mul (local.get $t) (local.get $s)))
        (local.set $y_b (f32x4.mul (local.get $t_b) (local.get $s_b)))
        (local.set $v (local.get $y))
        (local.set $v_b (local.get $y_b))
        (v128.store align=8 (local.get $w) (f64x2.promote_low_f32x4 (local.get $v)))
        (v128.store offset=32 align=8 (local.get $w) (f64x2.promote_low_f32x4 (local.get $v_b)))
        (v128.store offset=16 align=8 (local.get $w) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (v128.store offset=48 align=8 (local.get $w) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v_b) (local.get $v_b))))
        ;; dW/dŴ = 4(E + 1)·u·u·σ, the product taken in that order so that it neither overflows nor underflows
        (local.set $v (f32x4.mul (f32x4.mul (v128.const f32x4 4 4 4 4) (f32x4.mul (f32x4.mul (f32x4.add (local.get $e) (v128.const f32x4 1 1 1 1)) (local.get $u)) (local.get $u))) (local.get $s)))
        (local.set $v_b (f32x4.mul (f32x4.mul (v128.const f32x4 4 4 4 4) (f32x4.mul (f32x4.mul (f32x4.add (local.get $e_b) (v128.const f32x4 1 1 1 1)) (local.get $u_b)) (local.get $u_b))) (local.get $s_b)))
        (v128.store align=8 (local.get $fa) (f64x2.promote_low_f32x4 (local.get $v)))
        (v128.store offset=32 align=8 (local.get $fa) (f64x2.promote_low_f32x4 (local.get $v_b)))
        (v128.store offset=16 align=8 (local.get $fa) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (v128.store offset=48 align=8 (local.get $fa) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v_b) (local.get $v_b))))
        (local.set $v (f32x4.mul (local.get $y) (f32x4.mul (local.get $q) (local.get $s))))
        (local.set $v_b (f32x4.mul (local.get $y_b) (f32x4.mul (local.get $q_b) (local.get $s_b))))
        (v128.store align=8 (local.get $fb) (f64x2.promote_low_f32x4 (local.get $v)))
        (v128.store offset=32 align=8 (local.get $fb) (f64x2.promote_low_f32x4 (local.get $v_b)))
        (v128.store offset=16 align=8 (local.get $fb) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (v128.store offset=48 align=8 (local.get $fb) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v_b) (local.get $v_b))))
        (local.set $wh (i32.add (local.get $wh) (i32.const 64)))
        (local.set $mh (i32.add (local.get $mh) (i32.const 64)))
        (local.set $w (i32.add (local.get $w) (i32.const 64)))
        (local.set $fa (i32.add (local.get $fa) (i32.const 64)))
        (local.set $fb (i32.add (local.get $fb) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $quads))))

  ;; The NAC chain rule for the Float32 path, in Float64 as the JS loop it replaces (the same bits:
  ;; one product and one sum a value, no FMA): gw += dW·fa, gm += dW·fb over $count values (even).
  (func (export "nacChain") (param $dw i32) (param $fa i32) (param $fb i32) (param $gw i32) (param $gm i32) (param $count i32)
    (local $i i32) (local $d v128)
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $d (v128.load align=8 (local.get $dw)))
        (v128.store align=8 (local.get $gw) (f64x2.add (v128.load align=8 (local.get $gw)) (f64x2.mul (local.get $d) (v128.load align=8 (local.get $fa)))))
        (v128.store align=8 (local.get $gm) (f64x2.add (v128.load align=8 (local.get $gm)) (f64x2.mul (local.get $d) (v128.load align=8 (local.get $fb)))))
        (local.set $dw (i32.add (local.get $dw) (i32.const 16)))
        (local.set $fa (i32.add (local.get $fa) (i32.const 16)))
        (local.set $fb (i32.add (local.get $fb) (i32.const 16)))
        (local.set $gw (i32.add (local.get $gw) (i32.const 16)))
        (local.set $gm (i32.add (local.get $gm) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs))))

  ;; The dense layer's bias and ReLU over a widened product (Float64, as its JS loops, the same bits):
  ;; y[r, o] += b[o], then v < 0 ? 0 : v when $relu (pmax keeps −0 and NaN as that test does), for r < rows.
  ;; Without a branch per value: a ReLU's signs are a coin toss for the branch predictor, and the JS
  ;; loop spent most of its time in mispredictions.
  (func (export "biasRelu") (param $y i32) (param $b i32) (param $rows i32) (param $cols i32) (param $relu i32)
    (local $o i32) (local $c2 i32) (local $v v128) (local $s f64)
    (local.set $c2 (i32.and (local.get $cols) (i32.const -2)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $o (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_s (local.get $o) (local.get $c2)))
            (local.set $v (f64x2.add (v128.load align=8 (local.get $y)) (v128.load align=8 (i32.add (local.get $b) (i32.shl (local.get $o) (i32.const 3))))))
            (if (local.get $relu) (then (local.set $v (f64x2.pmax (local.get $v) (v128.const f64x2 0 0)))))
            (v128.store align=8 (local.get $y) (local.get $v))
            (local.set $y (i32.add (local.get $y) (i32.const 16)))
            (local.set $o (i32.add (local.get $o) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_s (local.get $o) (local.get $cols))
          (then
            (local.set $s (f64.add (f64.load (local.get $y)) (f64.load (i32.add (local.get $b) (i32.shl (local.get $o) (i32.const 3))))))
            (f64.store (local.get $y)
              (select (f64.const 0) (local.get $s) (i32.and (local.get $relu) (f64.lt (local.get $s) (f64.const 0)))))
            (local.set $y (i32.add (local.get $y) (i32.const 8)))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rows))))

  ;; dz = y > 0 ? dy : 0 over $count values, in place of dy at $dz (may equal $dy): the ReLU's
  ;; gradient, a mask instead of a branch (as biasRelu), the same bits as the JS loop
  (func (export "reluGrad") (param $y i32) (param $dy i32) (param $dz i32) (param $count i32)
    (local $i i32) (local $c2 i32)
    (local.set $c2 (i32.and (local.get $count) (i32.const -2)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (local.get $i) (local.get $c2)))
        (v128.store align=8 (local.get $dz)
          (v128.and (v128.load align=8 (local.get $dy)) (f64x2.gt (v128.load align=8 (local.get $y)) (v128.const f64x2 0 0))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $i) (local.get $count))
      (then (f64.store (local.get $dz) (select (f64.load (local.get $dy)) (f64.const 0) (f64.gt (f64.load (local.get $y)) (f64.const 0)))))))
)
