;; The paper's NALU → NALU stack (d → 2 → 1, one NAC shared by both paths of a layer) on a batch,
;; around the batch's logarithms (logAbs.wat, called by naluStack.ts): `forward` gives each row's six
;; products and the hidden layer, `backward` the output layer, the squared error and the hidden
;; layer's gradient terms, `grads` sums the rows' terms into the first layer's gradients. f64x2 SIMD:
;; along the d inputs (d even) for the products and sums, across the two hidden units per row, and
;; (e^(−G₂·h), e^(W₂·log)) per row for the output layer. Pointers are byte offsets into env.mem:
;; $x and $l (n × d: the rows and log(|x| + ε)), $w (W and G interleaved: per pair of inputs j, j + 1
;; [W₀ⱼ W₀ⱼ₊₁ W₁ⱼ W₁ⱼ₊₁ G₀ⱼ G₀ⱼ₊₁ G₁ⱼ G₁ⱼ₊₁], one pointer and fixed offsets instead of four address
;; sums per step), $e the exp's data (expTable.ts), per row $z (n × 6) and $c (n × 6), $h and $hl
;; (n × 2: h and log(|h| + ε₂)).
(module
  (import "env" "mem" (memory 1))
  (import "env" "exp" (func $mathExp (param f64) (result f64)))

  ;; e^x in place for the vectors from $p up to $end, stepping $s1 and $s2 bytes in turn (a layout's
  ;; vectors where they lie), expTable.ts's method (and error bound) written out in one loop: a call
  ;; per vector cost its arguments' moves and the caller's registers spilled around it. |x| > 704 and
  ;; NaN go to Math.exp.
  (func $expSweep (param $p i32) (param $end i32) (param $e i32) (param $s1 i32) (param $s2 i32)
    (local $x v128) (local $t v128) (local $n v128) (local $r v128) (local $q v128) (local $pp v128) (local $u v128)
    (local $a i32) (local $b i32) (local $step i32)
    (local.set $step (local.get $s2))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $p)))
        (if (i64x2.all_true (f64x2.le (f64x2.abs (local.get $x)) (v128.load offset=2048 (local.get $e))))
          (then
            ;; t = x·128/ln2 + 1.5·2⁵²: n = t − 1.5·2⁵² is x·128/ln2 rounded, and t's low bits hold n
            (local.set $t (f64x2.add (f64x2.mul (local.get $x) (v128.load offset=2064 (local.get $e))) (v128.load offset=2080 (local.get $e))))
            (local.set $n (f64x2.sub (local.get $t) (v128.load offset=2080 (local.get $e))))
            (local.set $r (f64x2.sub
              (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.load offset=2096 (local.get $e))))
              (f64x2.mul (local.get $n) (v128.load offset=2112 (local.get $e)))))
            ;; entries j = n mod 128, from t's low words (i32 lanes 0 and 2)
            (local.set $a (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $t)) (i32.const 127)) (i32.const 4))))
            (local.set $b (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $t)) (i32.const 127)) (i32.const 4))))
            (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
            ;; e^r − 1 = r + r²·((1/2 + r/6) + r²·(1/24 + r/120))
            (local.set $pp (f64x2.add (local.get $r) (f64x2.mul (local.get $q)
              (f64x2.add
                (f64x2.add (v128.load offset=2128 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2144 (local.get $e))))
                (f64x2.mul (local.get $q)
                  (f64x2.add (v128.load offset=2160 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2176 (local.get $e)))))))))
            ;; [s_hi, s_lo] of each lane's entry, transposed into s_hi and s_lo vectors
            (local.set $x (v128.load (local.get $a)))
            (local.set $u (v128.load (local.get $b)))
            (local.set $n (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $u)))
            (local.set $x (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $u)))
            ;; s_hi + (s_lo + s_hi·(e^r − 1)), times 2^floor(n/128): t << 45 puts n's bits 7 and up in the exponent field
            (v128.store (local.get $p) (i64x2.add
              (f64x2.add (local.get $n) (f64x2.add (local.get $x) (f64x2.mul (local.get $n) (local.get $pp))))
              (v128.and (i64x2.shl (local.get $t) (i32.const 45)) (v128.load offset=2192 (local.get $e))))))
          (else
            (v128.store (local.get $p) (f64x2.replace_lane 1
              (f64x2.splat (call $mathExp (f64x2.extract_lane 0 (local.get $x))))
              (call $mathExp (f64x2.extract_lane 1 (local.get $x)))))))
        (local.set $step (select (local.get $s1) (local.get $s2) (i32.eq (local.get $step) (local.get $s2))))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $vectors))))

  ;; e^x over $count values (even) from $p to $out: the tests' handle on $expSweep
  (func (export "exps") (param $p i32) (param $count i32) (param $e i32) (param $out i32)
    (local $i i32)
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_u (local.get $i) (i32.shl (local.get $count) (i32.const 3))))
        (v128.store (i32.add (local.get $out) (local.get $i)) (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $copy)))
    (call $expSweep (local.get $out) (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))) (local.get $e) (i32.const 16) (i32.const 16)))

  ;; Per row: the products a = W·x, q = G·x, m = W·l (both units), then the hidden layer
  ;; s = σ(q), e = exp(m), h = s·a + (1 − s)·e. $z gets [a₀ a₁ s₀ s₁ e₀ e₁] for the way back, $h [h₀ h₁].
  (func (export "forward")
    (param $x i32) (param $l i32) (param $n i32) (param $d i32) (param $w i32) (param $z i32) (param $h i32) (param $e i32)
    (local $db i32) (local $end i32) (local $px i32) (local $pl i32) (local $pw i32) (local $rowEnd i32)
    (local $z0 i32)
    (local $u v128) (local $v v128) (local $a0 v128) (local $a1 v128) (local $q0 v128) (local $q1 v128)
    (local $m0 v128) (local $m1 v128) (local $c0 v128) (local $c1 v128) (local $s v128) (local $ex v128)
    (local.set $z0 (local.get $z))
    (local.set $db (i32.shl (local.get $d) (i32.const 3)))
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $n) (i32.const 48))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $q0 (v128.const i64x2 0 0)) (local.set $q1 (v128.const i64x2 0 0))
        (local.set $m0 (v128.const i64x2 0 0)) (local.set $m1 (v128.const i64x2 0 0))
        (local.set $px (local.get $x))
        (local.set $pl (local.get $l))
        (local.set $pw (local.get $w))
        (local.set $rowEnd (i32.add (local.get $x) (local.get $db)))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $px) (local.get $rowEnd)))
            (local.set $u (v128.load (local.get $px)))
            (local.set $v (v128.load (local.get $pl)))
            (local.set $c0 (v128.load (local.get $pw)))
            (local.set $c1 (v128.load offset=16 (local.get $pw)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $u) (local.get $c0))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $u) (local.get $c1))))
            (local.set $m0 (f64x2.add (local.get $m0) (f64x2.mul (local.get $v) (local.get $c0))))
            (local.set $m1 (f64x2.add (local.get $m1) (f64x2.mul (local.get $v) (local.get $c1))))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $u) (v128.load offset=32 (local.get $pw)))))
            (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $u) (v128.load offset=48 (local.get $pw)))))
            (local.set $px (i32.add (local.get $px) (i32.const 16)))
            (local.set $pl (i32.add (local.get $pl) (i32.const 16)))
            (local.set $pw (i32.add (local.get $pw) (i32.const 64)))
            (br $dot)))
        ;; each pair of accumulators → one vector of the two units' sums (lane 0 + lane 1 of each)
        (local.set $a0 (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $q0 (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $q0) (local.get $q1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $q0) (local.get $q1))))
        (local.set $m0 (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $m0) (local.get $m1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $m0) (local.get $m1))))
        ;; [a, −q, m] for now: the exponentials follow in one loop over all rows
        (v128.store (local.get $z) (local.get $a0))
        (v128.store offset=16 (local.get $z) (f64x2.neg (local.get $q0)))
        (v128.store offset=32 (local.get $z) (local.get $m0))
        (local.set $x (i32.add (local.get $x) (local.get $db)))
        (local.set $l (i32.add (local.get $l) (local.get $db)))
        (local.set $z (i32.add (local.get $z) (i32.const 48)))
        (br $rows)))
    ;; e^(−q) and e^m in place: the row's two vectors, then the next row's
    (call $expSweep (i32.add (local.get $z0) (i32.const 16)) (local.get $end) (local.get $e) (i32.const 16) (i32.const 32))
    ;; s = σ(q) = 1/(1 + e^(−q)), h = s·a + (1 − s)·e^m; $z keeps [a, s, e^m]
    (local.set $z (local.get $z0))
    (block $hDone
      (loop $hidden
        (br_if $hDone (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $s (f64x2.div (f64x2.splat (f64.const 1))
          (f64x2.add (f64x2.splat (f64.const 1)) (v128.load offset=16 (local.get $z)))))
        (local.set $ex (v128.load offset=32 (local.get $z)))
        (v128.store offset=16 (local.get $z) (local.get $s))
        (v128.store (local.get $h) (f64x2.add
          (f64x2.mul (local.get $s) (v128.load (local.get $z)))
          (f64x2.mul (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $s)) (local.get $ex))))
        (local.set $z (i32.add (local.get $z) (i32.const 48)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $hidden))))

  ;; Per row: the output NALU y = S·A + (1 − S)·M (A = W₂·h, S = σ(G₂·h), M = exp(W₂·log(|h| + ε₂))),
  ;; its error against the target ($y, n values), and back: the squared errors' sum and dL/dW₂ (both
  ;; paths), dL/dG₂ into $o [sum, dW₂₀, dW₂₁, dG₂₀, dG₂₁]; per row $c gets the hidden layer's terms
  ;; [dh·s, dh·(a − e)·s(1 − s), dh·(1 − s)·e] (each for both units), dh = dL/dh. $p holds [W₂, G₂].
  (func (export "backward")
    (param $z i32) (param $c i32) (param $h i32) (param $hl i32) (param $y i32) (param $n i32) (param $e i32)
    (param $p i32) (param $o i32) (param $scale f64) (param $eps f64)
    (local $end i32) (local $c0 i32) (local $h0 i32) (local $hl0 i32)
    (local $wv v128) (local $qv v128) (local $hv v128) (local $lv v128) (local $ex v128)
    (local $dw v128) (local $dq v128) (local $dh v128) (local $sv v128)
    (local $a f64) (local $s f64) (local $m f64) (local $err f64) (local $sum f64) (local $dy f64) (local $da f64) (local $dqs f64) (local $dm f64)
    (local.set $wv (v128.load (local.get $p)))
    (local.set $qv (v128.load offset=16 (local.get $p)))
    (local.set $dw (v128.const i64x2 0 0))
    (local.set $dq (v128.const i64x2 0 0))
    ;; first per row A = W₂·h at $c + 16 and (−G₂·h, W₂·l) at $c, then their exponentials in one sweep
    (local.set $end (i32.add (local.get $c) (i32.mul (local.get $n) (i32.const 48))))
    (local.set $c0 (local.get $c))
    (local.set $h0 (local.get $h))
    (local.set $hl0 (local.get $hl))
    (block $argsDone
      (loop $args
        (br_if $argsDone (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $hv (v128.load (local.get $h)))
        (local.set $lv (v128.load (local.get $hl)))
        (local.set $ex (f64x2.mul (local.get $hv) (local.get $wv)))
        (f64.store offset=16 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $ex)) (f64x2.extract_lane 1 (local.get $ex))))
        (local.set $ex (f64x2.mul (local.get $hv) (local.get $qv)))
        (local.set $s (f64.neg (f64.add (f64x2.extract_lane 0 (local.get $ex)) (f64x2.extract_lane 1 (local.get $ex)))))
        (local.set $ex (f64x2.mul (local.get $lv) (local.get $wv)))
        (local.set $m (f64.add (f64x2.extract_lane 0 (local.get $ex)) (f64x2.extract_lane 1 (local.get $ex))))
        (v128.store (local.get $c) (f64x2.replace_lane 1 (f64x2.splat (local.get $s)) (local.get $m)))
        (local.set $c (i32.add (local.get $c) (i32.const 48)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $hl (i32.add (local.get $hl) (i32.const 16)))
        (br $args)))
    (call $expSweep (local.get $c0) (local.get $end) (local.get $e) (i32.const 48) (i32.const 48))
    (local.set $c (local.get $c0))
    (local.set $h (local.get $h0))
    (local.set $hl (local.get $hl0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $hv (v128.load (local.get $h)))
        (local.set $lv (v128.load (local.get $hl)))
        (local.set $a (f64.load offset=16 (local.get $c)))
        (local.set $ex (v128.load (local.get $c)))
        (local.set $s (f64.div (f64.const 1) (f64.add (f64.const 1) (f64x2.extract_lane 0 (local.get $ex)))))
        (local.set $m (f64x2.extract_lane 1 (local.get $ex)))
        (local.set $err (f64.sub
          (f64.add (f64.mul (local.get $s) (local.get $a)) (f64.mul (f64.sub (f64.const 1) (local.get $s)) (local.get $m)))
          (f64.load (local.get $y))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $err) (local.get $err))))
        (local.set $dy (f64.mul (local.get $scale) (local.get $err)))
        (local.set $da (f64.mul (local.get $dy) (local.get $s)))
        (local.set $dqs (f64.mul (f64.mul (f64.mul (local.get $dy) (f64.sub (local.get $a) (local.get $m))) (local.get $s))
          (f64.sub (f64.const 1) (local.get $s))))
        (local.set $dm (f64.mul (f64.mul (local.get $dy) (f64.sub (f64.const 1) (local.get $s))) (local.get $m)))
        (local.set $dw (f64x2.add (local.get $dw) (f64x2.add
          (f64x2.mul (f64x2.splat (local.get $da)) (local.get $hv))
          (f64x2.mul (f64x2.splat (local.get $dm)) (local.get $lv)))))
        (local.set $dq (f64x2.add (local.get $dq) (f64x2.mul (f64x2.splat (local.get $dqs)) (local.get $hv))))
        ;; dh = da·W₂ + dq·G₂ + dm·W₂·(sign(h)/(|h| + ε₂)), sign(0) = −1 as tfjs's |h|'
        (local.set $dh (f64x2.add
          (f64x2.add (f64x2.mul (f64x2.splat (local.get $da)) (local.get $wv)) (f64x2.mul (f64x2.splat (local.get $dqs)) (local.get $qv)))
          (f64x2.mul (f64x2.mul (f64x2.splat (local.get $dm)) (local.get $wv))
            (f64x2.div
              (v128.bitselect (f64x2.splat (f64.const 1)) (f64x2.splat (f64.const -1)) (f64x2.gt (local.get $hv) (v128.const i64x2 0 0)))
              (f64x2.add (f64x2.abs (local.get $hv)) (f64x2.splat (local.get $eps)))))))
        (local.set $sv (v128.load offset=16 (local.get $z)))
        (v128.store (local.get $c) (f64x2.mul (local.get $dh) (local.get $sv)))
        (v128.store offset=16 (local.get $c) (f64x2.mul
          (f64x2.mul (f64x2.mul (local.get $dh) (f64x2.sub (v128.load (local.get $z)) (v128.load offset=32 (local.get $z)))) (local.get $sv))
          (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $sv))))
        (v128.store offset=32 (local.get $c) (f64x2.mul
          (f64x2.mul (local.get $dh) (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $sv)))
          (v128.load offset=32 (local.get $z))))
        (local.set $z (i32.add (local.get $z) (i32.const 48)))
        (local.set $c (i32.add (local.get $c) (i32.const 48)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $hl (i32.add (local.get $hl) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $rows)))
    (f64.store (local.get $o) (local.get $sum))
    (v128.store offset=8 (local.get $o) (local.get $dw))
    (v128.store offset=24 (local.get $o) (local.get $dq)))

  ;; $c (n × 6): per row dL/d(W₀·x), dL/d(W₁·x), dL/d(G₀·x), dL/d(G₁·x), dL/d(W₀·l), dL/d(W₁·l).
  ;; Adds to $gw (2 × d, zeroed by the caller) Σ_r c₀x + c₄l, c₁x + c₅l (the shared W's two paths) and to $gg Σ_r c₂x, c₃x.
  (func (export "grads")
    (param $x i32) (param $l i32) (param $n i32) (param $d i32) (param $c i32) (param $gw i32) (param $gg i32)
    (local $db i32) (local $j i32) (local $end i32) (local $gw1 i32) (local $gg1 i32) (local $p i32)
    (local $u v128) (local $v v128) (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $k4 v128) (local $k5 v128)
    (local.set $db (i32.shl (local.get $d) (i32.const 3)))
    (local.set $gw1 (i32.add (local.get $gw) (local.get $db)))
    (local.set $gg1 (i32.add (local.get $gg) (local.get $db)))
    (local.set $end (i32.add (local.get $c) (i32.mul (local.get $n) (i32.const 48))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $k0 (v128.load64_splat (local.get $c)))
        (local.set $k1 (v128.load64_splat offset=8 (local.get $c)))
        (local.set $k2 (v128.load64_splat offset=16 (local.get $c)))
        (local.set $k3 (v128.load64_splat offset=24 (local.get $c)))
        (local.set $k4 (v128.load64_splat offset=32 (local.get $c)))
        (local.set $k5 (v128.load64_splat offset=40 (local.get $c)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $db)))
            (local.set $u (v128.load (i32.add (local.get $x) (local.get $j))))
            (local.set $v (v128.load (i32.add (local.get $l) (local.get $j))))
            (local.set $p (i32.add (local.get $gw) (local.get $j)))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
              (f64x2.add (f64x2.mul (local.get $k0) (local.get $u)) (f64x2.mul (local.get $k4) (local.get $v)))))
            (local.set $p (i32.add (local.get $gw1) (local.get $j)))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
              (f64x2.add (f64x2.mul (local.get $k1) (local.get $u)) (f64x2.mul (local.get $k5) (local.get $v)))))
            (local.set $p (i32.add (local.get $gg) (local.get $j)))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $k2) (local.get $u))))
            (local.set $p (i32.add (local.get $gg1) (local.get $j)))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $k3) (local.get $u))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $cols)))
        (local.set $x (i32.add (local.get $x) (local.get $db)))
        (local.set $l (i32.add (local.get $l) (local.get $db)))
        (local.set $c (i32.add (local.get $c) (i32.const 48)))
        (br $rows)))
  )
)
