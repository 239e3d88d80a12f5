Sub tong_hop_cac_xa()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "hoctap_xl.district_buttons", "tong_hop_cac_xa", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "hoctap_xl.district_buttons", "tong_hop_cac_xa", Array()
    #End If
End Sub

