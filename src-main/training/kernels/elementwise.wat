;; The units' per-element transcendentals in f64x2 SIMD: the NAC's weights W = tanh(Ŵ)·σ(M̂) with
;; their gradient factors (`refresh`), and the NALU's gate and log path (`naluMix`); also `gather`
;; (rows by index). $e points at the exp's data (trainer/expTable.ts: the NALU stack's table and
;; constants, the same method and error bound), followed by four pairs: 1, 2, 20 and the bits of
;; 1.0. kernels/exp.ts is the scalar twin of every function here, operation for operation, so both
;; give the same bits.
(module
  (import "env" "mem" (memory 1))
  (import "env" "exp" (func $mathExp (param f64) (result f64)))

  ;; Each function below loops over an array: V8 (Node 20) does not inline WebAssembly calls, and a
;; call per pair of values, with every live v128 spilled around it, cost a quarter of naluMix. The
;; operations per value are the same as before, and as the scalar twins'.

  ;; e^x of $count (even) values at $p into $out (may be $p); a lane with |x| > 704 or NaN goes to
  ;; Math.exp, its neighbour stays here (as the scalar twin decides lane by lane). For |x| ≤ 704
  ;; naluStack.wat's method (expTable.ts has it and its error bound).
  (func $expAll (param $p i32) (param $count i32) (param $e i32) (param $out i32)
    (local $end i32) (local $x v128) (local $in v128) (local $y v128)
    (local $t v128) (local $n v128) (local $r v128) (local $q v128) (local $poly v128) (local $s v128) (local $u v128)
    (local $a i32) (local $b i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $p)))
        (local.set $in (f64x2.le (f64x2.abs (local.get $x)) (v128.load offset=2048 (local.get $e))))
        ;; lanes out of range computed on 0 here, then replaced
        (local.set $x (v128.and (local.get $x) (local.get $in)))
        (local.set $t (f64x2.add (f64x2.mul (local.get $x) (v128.load offset=2064 (local.get $e))) (v128.load offset=2080 (local.get $e))))
        (local.set $n (f64x2.sub (local.get $t) (v128.load offset=2080 (local.get $e))))
        (local.set $r (f64x2.sub
          (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.load offset=2096 (local.get $e))))
          (f64x2.mul (local.get $n) (v128.load offset=2112 (local.get $e)))))
        (local.set $a (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $t)) (i32.const 127)) (i32.const 4))))
        (local.set $b (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $t)) (i32.const 127)) (i32.const 4))))
        (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $poly (f64x2.add (local.get $r) (f64x2.mul (local.get $q)
          (f64x2.add
            (f64x2.add (v128.load offset=2128 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2144 (local.get $e))))
            (f64x2.mul (local.get $q)
              (f64x2.add (v128.load offset=2160 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2176 (local.get $e)))))))))
        (local.set $s (v128.load (local.get $a)))
        (local.set $u (v128.load (local.get $b)))
        (local.set $n (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s) (local.get $u)))
        (local.set $s (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s) (local.get $u)))
        (local.set $y (i64x2.add
          (f64x2.add (local.get $n) (f64x2.add (local.get $s) (f64x2.mul (local.get $n) (local.get $poly))))
          (v128.and (i64x2.shl (local.get $t) (i32.const 45)) (v128.load offset=2192 (local.get $e)))))
        (if (i32.eqz (i64x2.all_true (local.get $in)))
          (then
            (if (i64.eqz (i64x2.extract_lane 0 (local.get $in)))
              (then (local.set $y (f64x2.replace_lane 0 (local.get $y) (call $mathExp (f64.load (local.get $p)))))))
            (if (i64.eqz (i64x2.extract_lane 1 (local.get $in)))
              (then (local.set $y (f64x2.replace_lane 1 (local.get $y) (call $mathExp (f64.load offset=8 (local.get $p)))))))))
        (v128.store (local.get $out) (local.get $y))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $pair))))

  ;; tanh x = sign(x)·m/(m + 2), m = e^(2·min(|x|, 20)) − 1 (tanh is 1 in f64 beyond 19.1), of $count
  ;; (even) values at $p into $out. m as $expAll computes e^u, less 1 inside its sum:
  ;; 2^k·((s_hi − 2^−k) + (s_lo + s_hi·(e^r − 1))), k ≥ 0 here; for k = 0 the head's difference is
  ;; exact (Sterbenz), so small |x| keeps its relative accuracy.
  (func $tanhAll (param $p i32) (param $count i32) (param $e i32) (param $out i32)
    (local $end i32) (local $x v128)
    (local $u v128) (local $t v128) (local $n v128) (local $r v128) (local $q v128) (local $poly v128) (local $s v128) (local $v v128) (local $k v128)
    (local $a i32) (local $b i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $p)))
        (local.set $u (f64x2.add (local.tee $u (f64x2.min (f64x2.abs (local.get $x)) (v128.load offset=2240 (local.get $e)))) (local.get $u)))
        (local.set $t (f64x2.add (f64x2.mul (local.get $u) (v128.load offset=2064 (local.get $e))) (v128.load offset=2080 (local.get $e))))
        (local.set $n (f64x2.sub (local.get $t) (v128.load offset=2080 (local.get $e))))
        (local.set $r (f64x2.sub
          (f64x2.sub (local.get $u) (f64x2.mul (local.get $n) (v128.load offset=2096 (local.get $e))))
          (f64x2.mul (local.get $n) (v128.load offset=2112 (local.get $e)))))
        (local.set $a (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $t)) (i32.const 127)) (i32.const 4))))
        (local.set $b (i32.add (local.get $e) (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $t)) (i32.const 127)) (i32.const 4))))
        (local.set $q (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $poly (f64x2.add (local.get $r) (f64x2.mul (local.get $q)
          (f64x2.add
            (f64x2.add (v128.load offset=2128 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2144 (local.get $e))))
            (f64x2.mul (local.get $q)
              (f64x2.add (v128.load offset=2160 (local.get $e)) (f64x2.mul (local.get $r) (v128.load offset=2176 (local.get $e)))))))))
        (local.set $s (v128.load (local.get $a)))
        (local.set $v (v128.load (local.get $b)))
        (local.set $n (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s) (local.get $v)))
        (local.set $s (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s) (local.get $v)))
        ;; k << 52, and 2^−k as the bits of 1.0 less it
        (local.set $k (v128.and (i64x2.shl (local.get $t) (i32.const 45)) (v128.load offset=2192 (local.get $e))))
        (local.set $v (i64x2.add
          (f64x2.add
            (f64x2.sub (local.get $n) (i64x2.sub (v128.load offset=2256 (local.get $e)) (local.get $k)))
            (f64x2.add (local.get $s) (f64x2.mul (local.get $n) (local.get $poly))))
          (local.get $k)))
        (local.set $v (v128.or
          (f64x2.div (local.get $v) (f64x2.add (local.get $v) (v128.load offset=2224 (local.get $e))))
          (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        ;; NaN stays NaN
        (v128.store (local.get $out) (v128.bitselect (local.get $x) (local.get $v) (f64x2.ne (local.get $x) (local.get $x))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $pair))))

  ;; σ(x) = 1/(1 + e^−x) of $count (even) values at $p into $out: −x, then e^(−x) in place, then σ
  (func $sigmoidAll (param $p i32) (param $count i32) (param $e i32) (param $out i32)
    (local $i i32) (local $bytes i32) (local $one v128)
    (local.set $one (v128.load offset=2208 (local.get $e)))
    (local.set $bytes (i32.shl (local.get $count) (i32.const 3)))
    (block $negated
      (loop $neg
        (br_if $negated (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $out) (local.get $i)) (f64x2.neg (v128.load (i32.add (local.get $p) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $neg)))
    (call $expAll (local.get $out) (local.get $count) (local.get $e) (local.get $out))
    (local.set $i (i32.const 0))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f64x2.div (local.get $one) (f64x2.add (local.get $one) (v128.load (i32.add (local.get $out) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pair))))

  ;; $count (even) weights from Ŵ at $wh and M̂ at $mh: t = tanh Ŵ, s = σ(M̂), W = t·s and the
  ;; gradient factors dW/dŴ = (1 − t·t)·s into $fa, dW/dM̂ = W·(1 − s) into $fb (t and s staged in $w and $fb)
  (func (export "refresh") (param $wh i32) (param $mh i32) (param $count i32) (param $e i32) (param $w i32) (param $fa i32) (param $fb i32)
    (local $i i32) (local $t v128) (local $s v128) (local $y v128) (local $one v128)
    (local.set $one (v128.load offset=2208 (local.get $e)))
    (call $tanhAll (local.get $wh) (local.get $count) (local.get $e) (local.get $w))
    (call $sigmoidAll (local.get $mh) (local.get $count) (local.get $e) (local.get $fb))
    (local.set $count (i32.shl (local.get $count) (i32.const 3)))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $t (v128.load (i32.add (local.get $w) (local.get $i))))
        (local.set $s (v128.load (i32.add (local.get $fb) (local.get $i))))
        (v128.store (i32.add (local.get $w) (local.get $i)) (local.tee $y (f64x2.mul (local.get $t) (local.get $s))))
        (v128.store (i32.add (local.get $fa) (local.get $i))
          (f64x2.mul (f64x2.sub (local.get $one) (f64x2.mul (local.get $t) (local.get $t))) (local.get $s)))
        (v128.store (i32.add (local.get $fb) (local.get $i)) (f64x2.mul (local.get $y) (f64x2.sub (local.get $one) (local.get $s))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pair))))

  ;; The NALU's rows (n rows, O outputs, O even): $ag holds per row [a (O) | gate logits (O)], $m the
  ;; log path's products. g = σ(logit), m ← e^m, y = g·a + (1 − g)·m, into $g, $m and $y (n × O each).
  (func (export "naluMix") (param $ag i32) (param $m i32) (param $n i32) (param $o i32) (param $e i32) (param $g i32) (param $y i32)
    (local $i i32) (local $end i32) (local $row i32) (local $gate v128) (local $one v128) (local $a i32)
    (local.set $one (v128.load offset=2208 (local.get $e)))
    (call $expAll (local.get $m) (i32.mul (local.get $n) (local.get $o)) (local.get $e) (local.get $m))
    (local.set $o (i32.shl (local.get $o) (i32.const 3)))
    ;; each row's gate logits, after its a
    (local.set $a (local.get $ag))
    (block $gated
      (loop $gates
        (br_if $gated (i32.ge_u (local.get $row) (local.get $n)))
        (call $sigmoidAll (i32.add (local.get $a) (local.get $o)) (i32.shr_u (local.get $o) (i32.const 3)) (local.get $e)
          (i32.add (local.get $g) (i32.mul (local.get $row) (local.get $o))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $o) (i32.const 1))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $gates)))
    (local.set $row (i32.const 0))
    (block $rows
      (loop $row
        (br_if $rows (i32.ge_u (local.get $row) (local.get $n)))
        (local.set $end (i32.add (local.get $i) (local.get $o)))
        (block $done
          (loop $pair
            (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $gate (v128.load (i32.add (local.get $g) (local.get $i))))
            (v128.store (i32.add (local.get $y) (local.get $i))
              (f64x2.add (f64x2.mul (local.get $gate) (v128.load (local.get $ag)))
                (f64x2.mul (f64x2.sub (local.get $one) (local.get $gate)) (v128.load (i32.add (local.get $m) (local.get $i))))))
            (local.set $ag (i32.add (local.get $ag) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $pair)))
        ;; past this row's gate logits
        (local.set $ag (i32.add (local.get $ag) (local.get $o)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $row))))

;; Rows gathered by index: row $idx[r] (u32) of $src (rows of $d values) to row r of $dst, r < $n
  ;; (a shuffled batch from its data set, both in this memory).
  ;; (pairs copied by v128 loads and stores: memory.copy's call per row costs more for short rows)
  (func (export "gather") (param $src i32) (param $d i32) (param $idx i32) (param $n i32) (param $dst i32)
    (local $bytes i32) (local $pairs i32) (local $end i32) (local $from i32) (local $j i32)
    (local.set $bytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $from (i32.add (local.get $src) (i32.mul (i32.load (local.get $idx)) (local.get $bytes))))
        (local.set $j (i32.const 0))
        (block $copied
          (loop $pair
            (br_if $copied (i32.ge_u (local.get $j) (local.get $pairs)))
            (v128.store align=8 (i32.add (local.get $dst) (local.get $j)) (v128.load align=8 (i32.add (local.get $from) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $pair)))
        ;; an odd row length's last value
        (if (i32.lt_u (local.get $j) (local.get $bytes))
          (then (f64.store (i32.add (local.get $dst) (local.get $j)) (f64.load (i32.add (local.get $from) (local.get $j))))))
        (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $row))))

  ;; the tests' handles on $tanhAll, $sigmoidAll and $expAll: $count (even) values from $p to $out
  (func (export "map") (param $which i32) (param $p i32) (param $count i32) (param $e i32) (param $out i32)
    (if (i32.eqz (local.get $which)) (then (call $expAll (local.get $p) (local.get $count) (local.get $e) (local.get $out)))
      (else (if (i32.eq (local.get $which) (i32.const 1))
        (then (call $tanhAll (local.get $p) (local.get $count) (local.get $e) (local.get $out)))
        (else (call $sigmoidAll (local.get $p) (local.get $count) (local.get $e) (local.get $out))))))))
