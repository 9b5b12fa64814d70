# digits-ddpm: validation frechet (lower is better) against learning rate (reparameterized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-reparameterized.gp" writes tune-digits-ddpm-lr-reparameterized.png and tune-digits-ddpm-lr-reparameterized.svg.
$r0 << EOD
0.001 38.852
0.00316 35.5147
0.01 33.5602
0.0316 30.3953
0.1 28.1582
0.316 63.4764
1 52.6538
EOD
$r1 << EOD
0.001 31.477
0.00316 27.5774
0.01 25.2504
0.0316 23.6684
0.1 23.9137
EOD
$r2 << EOD
0.001 27.6604
0.00316 22.4764
0.01 19.1134
0.0316 36.9297
0.1 152.946
EOD
$r3 << EOD
0.001 29.5086
0.00316 24.6057
0.01 21.7512
0.0316 21.8402
0.1 27.44
EOD
$r4 << EOD
0.001 33.9204
0.00316 32.1525
0.01 36.207
0.0316 49.9801
0.1 77.1755
EOD
$r5 << EOD
0.001 35.8907
0.00316 32.0846
0.01 29.6458
0.0316 28.5271
0.1 27.3053
0.316 30.1304
1 33.4255
EOD
$r6 << EOD
0.001 34.2322
0.00316 29.0687
0.01 25.0903
0.0316 22.9016
0.1 23.9578
EOD
$r7 << EOD
0.001 34.4195
0.00316 30.1765
0.01 27.305
0.0316 25.7901
0.1 25.8344
EOD
$r8 << EOD
0.001 29.5206
0.00316 24.5142
0.01 20.7492
0.0316 19.6965
0.1 43.2948
EOD
$r9 << EOD
0.001 30.4401
0.00316 26.6736
0.01 24.3378
0.0316 32.2095
0.1 119.982
EOD
$r10 << EOD
0.001 32.1232
0.00316 28.2136
0.01 25.2173
0.0316 23.3924
0.1 23.1269
0.316 55.2709
1 44.2716
EOD
$r11 << EOD
0.001 22.8395
0.00316 17.869
0.01 21.5817
0.0316 32.3668
0.1 47.8734
EOD
$r12 << EOD
0.001 33.0852
0.00316 28.9166
0.01 26.4265
0.0316 24.5992
0.1 24.0567
0.316 25.9931
1 28.9503
EOD
$r13 << EOD
0.001 31.1369
0.00316 26.2825
0.01 21.8911
0.0316 18.6283
0.1 41.0005
EOD
$r14 << EOD
0.001 30.7719
0.00316 26.4593
0.01 23.5388
0.0316 22.0332
0.1 46.4697
EOD
$r15 << EOD
0.001 30.3027
0.00316 25.8214
0.01 21.9148
0.0316 19.9013
0.1 47.2725
EOD
$r16 << EOD
0.001 27.3663
0.00316 22.3841
0.01 19.4129
0.0316 28.5166
0.1 47.0433
EOD
$r17 << EOD
0.001 32.243
0.00316 29.3976
0.01 27.8144
0.0316 26.9688
0.1 27.5907
EOD
$r18 << EOD
0.001 31.8132
0.00316 26.3294
0.01 22.7456
0.0316 24.2891
0.1 27.4702
EOD
$r19 << EOD
0.001 38.3533
0.00316 34.0028
0.01 31.1609
0.0316 28.5675
0.1 26.6729
0.316 23.3469
1 61.2578
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (reparameterized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-reparameterized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adalora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'boft', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'delta-lora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'dora', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'dylora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'fourierft', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'loha', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'lokr', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'lora', \
         $r9 with linespoints lw 2 pt 7 dt 5 title 'lora-dropout', \
         $r10 with linespoints lw 2 pt 7 dt 1 title 'lora-fa', \
         $r11 with linespoints lw 2 pt 7 dt 2 title 'lora-plus', \
         $r12 with linespoints lw 2 pt 7 dt 3 title 'oft', \
         $r13 with linespoints lw 2 pt 7 dt 4 title 'olora', \
         $r14 with linespoints lw 2 pt 7 dt 5 title 'periodic-lora', \
         $r15 with linespoints lw 2 pt 7 dt 1 title 'pissa', \
         $r16 with linespoints lw 2 pt 7 dt 2 title 'rslora', \
         $r17 with linespoints lw 2 pt 7 dt 3 title 'said', \
         $r18 with linespoints lw 2 pt 7 dt 4 title 'sora', \
         $r19 with linespoints lw 2 pt 7 dt 5 title 'vera'
    unset output
}
