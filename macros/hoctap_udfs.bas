Function HT_CAP_XA(cap_xa)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_CAP_XA = XLPy.CallUDF("hoctap_xl.udfs", "HT_CAP_XA", Array(cap_xa), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_CAP_XA = XLPy.CallUDF("hoctap_xl.udfs", "HT_CAP_XA", Array(cap_xa))
        Exit Function
    #End If
failed:
    HT_CAP_XA = Err.Description
End Function

Function HT_CHENH_LECH(ty_le, chi_tieu)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_CHENH_LECH = XLPy.CallUDF("hoctap_xl.udfs", "HT_CHENH_LECH", Array(ty_le, chi_tieu), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_CHENH_LECH = XLPy.CallUDF("hoctap_xl.udfs", "HT_CHENH_LECH", Array(ty_le, chi_tieu))
        Exit Function
    #End If
failed:
    HT_CHENH_LECH = Err.Description
End Function

Function HT_CHI_TIEU(chi_tieu, ma, nam)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_CHI_TIEU = XLPy.CallUDF("hoctap_xl.udfs", "HT_CHI_TIEU", Array(chi_tieu, ma, nam), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_CHI_TIEU = XLPy.CallUDF("hoctap_xl.udfs", "HT_CHI_TIEU", Array(chi_tieu, ma, nam))
        Exit Function
    #End If
failed:
    HT_CHI_TIEU = Err.Description
End Function

Function HT_CONG_DAN(cong_dan, thon, Optional don_vi, Optional thong_tin, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_CONG_DAN = XLPy.CallUDF("hoctap_xl.udfs", "HT_CONG_DAN", Array(cong_dan, thon, don_vi, thong_tin, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_CONG_DAN = XLPy.CallUDF("hoctap_xl.udfs", "HT_CONG_DAN", Array(cong_dan, thon, don_vi, thong_tin, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_CONG_DAN = Err.Description
End Function

Function HT_CONG_DONG(cong_dong, gia_dinh, thon, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_CONG_DONG = XLPy.CallUDF("hoctap_xl.udfs", "HT_CONG_DONG", Array(cong_dong, gia_dinh, thon, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_CONG_DONG = XLPy.CallUDF("hoctap_xl.udfs", "HT_CONG_DONG", Array(cong_dong, gia_dinh, thon, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_CONG_DONG = Err.Description
End Function

Function HT_DAT_CHI_TIEU(ty_le, chi_tieu)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_DAT_CHI_TIEU = XLPy.CallUDF("hoctap_xl.udfs", "HT_DAT_CHI_TIEU", Array(ty_le, chi_tieu), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_DAT_CHI_TIEU = XLPy.CallUDF("hoctap_xl.udfs", "HT_DAT_CHI_TIEU", Array(ty_le, chi_tieu))
        Exit Function
    #End If
failed:
    HT_DAT_CHI_TIEU = Err.Description
End Function

Function HT_DONG_HO(dong_ho, gia_dinh, thon, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_DONG_HO = XLPy.CallUDF("hoctap_xl.udfs", "HT_DONG_HO", Array(dong_ho, gia_dinh, thon, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_DONG_HO = XLPy.CallUDF("hoctap_xl.udfs", "HT_DONG_HO", Array(dong_ho, gia_dinh, thon, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_DONG_HO = Err.Description
End Function

Function HT_DON_VI(don_vi, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_DON_VI = XLPy.CallUDF("hoctap_xl.udfs", "HT_DON_VI", Array(don_vi, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_DON_VI = XLPy.CallUDF("hoctap_xl.udfs", "HT_DON_VI", Array(don_vi, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_DON_VI = Err.Description
End Function

Function HT_GIA_DINH(gia_dinh, thon, Optional dong_ho, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_GIA_DINH = XLPy.CallUDF("hoctap_xl.udfs", "HT_GIA_DINH", Array(gia_dinh, thon, dong_ho, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_GIA_DINH = XLPy.CallUDF("hoctap_xl.udfs", "HT_GIA_DINH", Array(gia_dinh, thon, dong_ho, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_GIA_DINH = Err.Description
End Function

Function HT_THEO_THON(thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, Optional thong_tin, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_THEO_THON = XLPy.CallUDF("hoctap_xl.udfs", "HT_THEO_THON", Array(thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, thong_tin, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_THEO_THON = XLPy.CallUDF("hoctap_xl.udfs", "HT_THEO_THON", Array(thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, thong_tin, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_THEO_THON = Err.Description
End Function

Function HT_TY_LE(thong_tin, thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, chi_tieu, Optional bo_tieu_chi)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HT_TY_LE = XLPy.CallUDF("hoctap_xl.udfs", "HT_TY_LE", Array(thong_tin, thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, chi_tieu, bo_tieu_chi), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HT_TY_LE = XLPy.CallUDF("hoctap_xl.udfs", "HT_TY_LE", Array(thong_tin, thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, chi_tieu, bo_tieu_chi))
        Exit Function
    #End If
failed:
    HT_TY_LE = Err.Description
End Function

Sub kiem_tra_cai_dat()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "kiem_tra_cai_dat", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "kiem_tra_cai_dat", Array()
    #End If
End Sub

Sub kiem_tra_du_lieu()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "kiem_tra_du_lieu", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "kiem_tra_du_lieu", Array()
    #End If
End Sub

Sub sang_nam_moi()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "sang_nam_moi", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "sang_nam_moi", Array()
    #End If
End Sub

Sub tach_theo_thon()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "tach_theo_thon", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "tach_theo_thon", Array()
    #End If
End Sub

Sub tao_bao_cao()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "tao_bao_cao", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "tao_bao_cao", Array()
    #End If
End Sub

Sub tinh_lai()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "tinh_lai", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "tinh_lai", Array()
    #End If
End Sub

Sub xuat_ban_gui_cap_tren()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.buttons", "xuat_ban_gui_cap_tren", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.buttons", "xuat_ban_gui_cap_tren", Array()
    #End If
End Sub

